#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/common.h"
#include "engine/api/checkpoint_tools.h"

namespace mlens::cli {

int runVerify(const std::vector<std::string>& args) {
    VerifyRequest req;
    CommonOptions common;
    ArgParser p(
        "minoritylens-cli verify",
        "Run a checkpoint on the inputs recorded in IO.pt (x, t and y when class-conditional) and compare\n"
        "with the recorded output `out`. Prints ||out - ref|| / ||ref|| and exits 1 above the tolerance.");
    p.option("model", "CKPT", "checkpoint of a UNetModel or EncoderUNetModel (required)", &req.model);
    p.option("config", "JSON", "constructor arguments; inferred from the checkpoint when omitted",
             &req.config);
    p.option("io", "IO", "recorded inputs and output: .pt or .safetensors with x, t, [y], out (required)",
             &req.io);
    p.option("tol", "TOL", "largest accepted relative error", &req.tolerance);
    common.addTo(p);
    if (!p.parse(args)) return 0;
    if (req.model.empty()) throw UsageError("--model is required");
    if (req.io.empty()) throw UsageError("--io is required");
    if (req.tolerance < 0) throw UsageError("--tol must be non-negative");
    common.apply();
    req.device = common.device;

    const VerifyResult r = verifyCheckpoint(req);
    if (common.json) {
        std::cout << nlohmann::json{{"model_type", r.modelType},
                                    {"config_source", r.configSource},
                                    {"device", r.device},
                                    {"output_shape", r.outputShape},
                                    {"relative_error", r.relativeError},
                                    {"max_abs_error", r.maxAbsError},
                                    {"tolerance", req.tolerance},
                                    {"passed", r.passed}}
                         .dump(1)
                  << "\n";
    } else {
        std::printf("%s %s: relative error %.3e (max abs %.3e), tolerance %.1e, output %s on %s\n",
                    r.passed ? "PASS" : "FAIL", r.modelType.c_str(), r.relativeError, r.maxAbsError,
                    req.tolerance, shapeString(r.outputShape).c_str(), r.device.c_str());
    }
    if (!r.passed) {
        std::fprintf(stderr, "minoritylens-cli verify: error: relative error %.3e exceeds %.1e\n",
                     r.relativeError, req.tolerance);
        return 1;
    }
    return 0;
}

}  // namespace mlens::cli
