#include "tests/support/toy_data.h"

#include <filesystem>
#include <random>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace mlens::test {

void writeToyDataset(const std::string& dir, int count, int size, int channels, unsigned seed, int rareEvery,
                     bool subfolders) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> level(60, 190), pos(size / 4, 3 * size / 4),
        radius(size / 8, size / 4);
    for (int i = 0; i < count; ++i) {
        cv::Mat img(size, size, channels == 1 ? CV_8UC1 : CV_8UC3, cv::Scalar::all(level(rng)));
        if (rareEvery > 0 && i % rareEvery == 0) {
            cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(255));
        } else {
            cv::circle(img, {pos(rng), pos(rng)}, radius(rng), cv::Scalar(level(rng), level(rng), level(rng)),
                       cv::FILLED);
        }
        std::filesystem::path folder = dir;
        if (subfolders) folder /= "c" + std::to_string(i % 2);
        std::filesystem::create_directories(folder);
        cv::imwrite((folder / ("img" + std::to_string(1000 + i) + ".png")).string(), img);
    }
}

}  // namespace mlens::test
