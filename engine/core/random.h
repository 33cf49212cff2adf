#pragma once
// A small, fully specified random source (splitmix64): synthetic data, dataset subsets and splits must
// be identical on every platform and library version, which std:: distributions and std::shuffle do
// not promise.
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace mlens {

// A 63-bit seed from two numbers (splitmix64's finaliser over a * golden + b + salt): each trainer
// derives its per-step generators this way, with its own salt.
inline uint64_t seedMix(uint64_t a, uint64_t b, uint64_t salt) {
    uint64_t z = a * 0x9e3779b97f4a7c15ULL + b + salt;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (z ^ (z >> 31)) & 0x7fffffffffffffffULL;
}

class Random {
public:
    explicit Random(uint64_t seed) : m_state(seed) {}
    static uint64_t mix(uint64_t a, uint64_t b) {
        Random r(a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL));
        r.next();
        return r.next();
    }
    uint64_t next() {
        uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    double normal(double mean = 0.0, double sd = 1.0) {  // Box-Muller
        const double u1 = 1.0 - uniform(), u2 = uniform();
        return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    }
    int integer(int lo, int hi) { return lo + static_cast<int>(uniform() * (hi - lo + 1)); }  // [lo, hi]
    uint64_t below(uint64_t n) { return n ? next() % n : 0; }                                 // [0, n)
    // Fisher-Yates, the same order everywhere.
    template <class T>
    void shuffle(std::vector<T>& v) {
        for (size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[static_cast<size_t>(below(i))]);
    }

private:
    uint64_t m_state;
};

}  // namespace mlens
