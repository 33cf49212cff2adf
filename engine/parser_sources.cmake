# Checkpoint parsing that needs no torch. Part of mlens_engine, and compiled on its own, instrumented,
# by the fuzz build (cmake/Fuzzing.cmake).
set(MLENS_PARSER_SOURCES
    core/atomic_file.cpp
    core/error.cpp
    core/text.cpp
    io/byte_buffer.cpp
    io/checkpoint.cpp
    io/idx.cpp
    io/npy.cpp
    io/pickle.cpp
    io/pickle_writer.cpp
    io/safetensors.cpp
    io/tensor_record.cpp
    io/torch_formats.cpp
    io/zip_archive.cpp
)
