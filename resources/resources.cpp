// The resources live in the object libraries qt_add_resources attaches to this target; this file
// only gives the static library a translation unit of its own.
namespace mlens::resources {
int anchor() {
    return 0;
}
}  // namespace mlens::resources
