// SPDX-License-Identifier: Apache-2.0
// A stand-in for libFuzzer's driver where there is none (GCC builds): runs every file of
// the given corpus folders (or files) through LLVMFuzzerTestOneInput, then a fixed set of
// deterministic mutations of each (truncations, byte flips, insertions, splices with the
// next seed), so the targets are exercised on every build. A crash or abort fails the run.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Input = std::vector<std::uint8_t>;

constexpr int kMutationsPerSeed = 300;

void run(const Input& input)
{
    // A copy of exactly the input's size, so ASan sees reads past the end.
    const auto copy = std::make_unique<std::uint8_t[]>(std::max<std::size_t>(input.size(), 1));
    std::copy(input.begin(), input.end(), copy.get());
    LLVMFuzzerTestOneInput(copy.get(), input.size());
}

Input mutate(const Input& seed, const Input& other, std::mt19937& rng)
{
    Input out = seed;
    const int edits = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int e = 0; e < edits; ++e) {
        const std::size_t size = out.size();
        auto at = [&](std::size_t limit) { return std::uniform_int_distribution<std::size_t>(0, limit)(rng); };
        switch (std::uniform_int_distribution<int>(0, 5)(rng)) {
        case 0:
            if (size > 0)
                out.resize(at(size - 1));
            break;
        case 1:
            if (size > 0)
                out[at(size - 1)] ^= static_cast<std::uint8_t>(1U << at(7));
            break;
        case 2: out.insert(out.begin() + static_cast<std::ptrdiff_t>(at(size)), static_cast<std::uint8_t>(at(255))); break;
        case 3:
            if (size > 0)
                out.erase(out.begin() + static_cast<std::ptrdiff_t>(at(size - 1)));
            break;
        case 4: {
            static const std::uint8_t kInteresting[] = {0x00, 0xFF, 0x7F, 0x80, '"', '\\', '[', '{', '(', '*', '/', '-'};
            if (size > 0)
                out[at(size - 1)] = kInteresting[at(sizeof kInteresting - 1)];
            break;
        }
        default:
            if (!other.empty()) {
                const std::size_t from = at(other.size() - 1);
                const std::size_t length = at(other.size() - from);
                out.insert(out.begin() + static_cast<std::ptrdiff_t>(at(size)), other.begin() + static_cast<std::ptrdiff_t>(from),
                           other.begin() + static_cast<std::ptrdiff_t>(from + length));
            }
            break;
        }
    }
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path path(argv[i]);
        if (std::filesystem::is_directory(path)) {
            for (const auto& entry : std::filesystem::directory_iterator(path)) {
                if (entry.is_regular_file())
                    files.push_back(entry.path());
            }
        } else if (std::filesystem::is_regular_file(path)) {
            files.push_back(path);
        } else {
            std::fprintf(stderr, "replay: no such corpus file or folder: %s\n", argv[i]);
            return 2;
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "replay: no corpus files given\n");
        return 2;
    }
    std::vector<Input> seeds;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::mt19937 rng(0x5111CE);
    std::size_t runs = 0;
    run({});
    ++runs;
    for (std::size_t i = 0; i < seeds.size(); ++i) {
        run(seeds[i]);
        ++runs;
        const Input& other = seeds[(i + 1) % seeds.size()];
        for (int m = 0; m < kMutationsPerSeed; ++m) {
            run(mutate(seeds[i], other, rng));
            ++runs;
        }
    }
    std::printf("replay: %zu seeds, %zu inputs ran without a crash\n", seeds.size(), runs);
    return 0;
}
