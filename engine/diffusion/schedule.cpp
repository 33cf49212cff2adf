#include "engine/diffusion/schedule.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "engine/api/error.h"

namespace mlens::diffusion {

std::vector<double> makeBetas(ScheduleKind kind, int numSteps) {
    if (numSteps < 1)
        throw Error(ErrorCode::InvalidArgument, "the number of diffusion steps must be positive");
    std::vector<double> betas(static_cast<size_t>(numSteps));
    if (kind == ScheduleKind::Linear) {
        // Linear schedule from Ho et al., extended to work for any number of diffusion steps;
        // np.linspace(start, end, T): i * step + start, last element exactly `end`.
        const double scale = 1000.0 / numSteps;
        const double start = scale * 0.0001;
        const double end = scale * 0.02;
        if (numSteps == 1) {
            betas[0] = start;
            return betas;
        }
        const double step = (end - start) / (numSteps - 1);
        for (int i = 0; i < numSteps; ++i)
            betas[static_cast<size_t>(i)] = i * step + start;
        betas.back() = end;
        return betas;
    }
    // betas_for_alpha_bar with the cosine alpha_bar of Nichol & Dhariwal, max_beta 0.999
    auto alphaBar = [](double t) {
        const double c = std::cos((t + 0.008) / 1.008 * M_PI / 2);
        return std::pow(c, 2.0);
    };
    for (int i = 0; i < numSteps; ++i) {
        const double t1 = static_cast<double>(i) / numSteps;
        const double t2 = static_cast<double>(i + 1) / numSteps;
        betas[static_cast<size_t>(i)] = std::min(1 - alphaBar(t2) / alphaBar(t1), 0.999);
    }
    return betas;
}

std::vector<int> spaceTimesteps(int numSteps, const std::string& spec) {
    std::vector<int> all;
    if (spec.empty()) {
        for (int i = 0; i < numSteps; ++i)
            all.push_back(i);
        return all;
    }
    auto bad = [&](const std::string& why) {
        throw Error(ErrorCode::InvalidArgument, "respacing '" + spec + "': " + why);
    };
    if (spec.rfind("ddim", 0) == 0) {
        int desired = 0;
        try {
            size_t used = 0;
            desired = std::stoi(spec.substr(4), &used);
            if (used != spec.size() - 4) bad("not a number after 'ddim'");
        } catch (const std::exception&) {
            bad("not a number after 'ddim'");
        }
        for (int stride = 1; stride < numSteps; ++stride) {
            const int count = (numSteps + stride - 1) / stride;  // len(range(0, T, stride))
            if (count == desired) {
                for (int i = 0; i < numSteps; i += stride)
                    all.push_back(i);
                return all;
            }
        }
        bad("cannot create exactly " + std::to_string(desired) + " steps with an integer stride");
    }
    std::vector<int> counts;
    std::stringstream ss(spec);
    std::string part;
    while (std::getline(ss, part, ',')) {
        try {
            size_t used = 0;
            const int v = std::stoi(part, &used);
            if (used != part.size() || v < 0) bad("'" + part + "' is not a step count");
            counts.push_back(v);
        } catch (const Error&) {
            throw;
        } catch (const std::exception&) {
            bad("'" + part + "' is not a step count");
        }
    }
    if (counts.empty()) bad("no step counts");
    const int sections = static_cast<int>(counts.size());
    const int sizePer = numSteps / sections;
    const int extra = numSteps % sections;
    int startIdx = 0;
    std::set<int> steps;
    for (int i = 0; i < sections; ++i) {
        const int size = sizePer + (i < extra ? 1 : 0);
        const int count = counts[static_cast<size_t>(i)];
        if (size < count)
            bad("cannot divide a section of " + std::to_string(size) + " steps into " +
                std::to_string(count));
        const double fracStride = count <= 1 ? 1.0 : static_cast<double>(size - 1) / (count - 1);
        double cur = 0.0;  // accumulated by addition, exactly as the reference does
        for (int k = 0; k < count; ++k) {
            steps.insert(startIdx + static_cast<int>(std::nearbyint(cur)));  // Python round(): half to even
            cur += fracStride;
        }
        startIdx += size;
    }
    return std::vector<int>(steps.begin(), steps.end());
}

std::vector<double> cumulativeAlphas(const std::vector<double>& betas) {
    std::vector<double> out(betas.size());
    double acc = 1.0;
    for (size_t i = 0; i < betas.size(); ++i) {
        acc *= 1.0 - betas[i];
        out[i] = acc;
    }
    return out;
}

Respacing respace(const std::vector<double>& betas, const std::vector<int>& keep) {
    const std::vector<double> abar = cumulativeAlphas(betas);
    const std::set<int> use(keep.begin(), keep.end());
    Respacing r;
    double last = 1.0;
    for (size_t i = 0; i < abar.size(); ++i) {
        if (!use.count(static_cast<int>(i))) continue;
        r.betas.push_back(1 - abar[i] / last);
        last = abar[i];
        r.timestepMap.push_back(static_cast<int64_t>(i));
    }
    if (r.betas.empty()) throw Error(ErrorCode::InvalidArgument, "respacing keeps no steps");
    return r;
}

}  // namespace mlens::diffusion
