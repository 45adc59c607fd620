#include "player/raster/png_writer.h"

#include "player/raster/image.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>

namespace kiosk::raster {

namespace {

constexpr uint8_t kFilterSub = 1;

void put_u32(uint8_t* out, uint32_t v) {
    out[0] = uint8_t(v >> 24);
    out[1] = uint8_t(v >> 16);
    out[2] = uint8_t(v >> 8);
    out[3] = uint8_t(v);
}

struct FileCloser {
    void operator()(FILE* f) const { std::fclose(f); }
};

// One chunk: length, type, data, CRC of type and data.
bool write_chunk(FILE* f, const char type[4], const uint8_t* data, size_t size) {
    uint8_t header[8];
    put_u32(header, uint32_t(size));
    std::memcpy(header + 4, type, 4);
    uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(type), 4);
    if (size) crc = crc32_z(crc, data, size);
    uint8_t trailer[4];
    put_u32(trailer, uint32_t(crc));
    return std::fwrite(header, 1, 8, f) == 8 &&
           (size == 0 || std::fwrite(data, 1, size, f) == size) &&
           std::fwrite(trailer, 1, 4, f) == 4;
}

Error io_error(const std::filesystem::path& path, int error_number) {
    return make_error(path.string(), 0,
                      std::string("cannot write PNG (") + std::strerror(error_number) + ")");
}

void filter_rgba_row(const uint8_t* rgba, int width, int channels, uint8_t* out) {
    *out++ = kFilterSub;
    uint8_t previous[4] = {0, 0, 0, 0};
    for (int x = 0; x < width; ++x, rgba += 4)
        for (int c = 0; c < channels; ++c) {
            *out++ = uint8_t(rgba[c] - previous[c]);
            previous[c] = rgba[c];
        }
}

} // namespace

void filter_argb_row(const uint32_t* pixels, int width, uint8_t* out) {
    *out++ = kFilterSub;
    uint8_t pr = 0, pg = 0, pb = 0;
    for (int x = 0; x < width; ++x) {
        const uint32_t p = pixels[x];
        const uint8_t r = uint8_t(p >> 16), g = uint8_t(p >> 8), b = uint8_t(p);
        out[0] = uint8_t(r - pr);
        out[1] = uint8_t(g - pg);
        out[2] = uint8_t(b - pb);
        out += 3;
        pr = r, pg = g, pb = b;
    }
}

void filter_grey_row(const uint32_t* pixels, int width, uint8_t* out) {
    *out++ = kFilterSub;
    uint8_t previous = 0;
    for (int x = 0; x < width; ++x) {
        const uint8_t v = uint8_t(pixels[x]);
        out[x] = uint8_t(v - previous);
        previous = v;
    }
}

bool argb_is_grey(const void* pixels, int width, int height, int pitch_bytes) {
    for (int y = 0; y < height; ++y) {
        const auto* row = reinterpret_cast<const uint32_t*>(static_cast<const uint8_t*>(pixels) +
                                                            size_t(y) * size_t(pitch_bytes));
        for (int x = 0; x < width; ++x) {
            const uint32_t p = row[x];
            if (((p >> 16) & 0xFF) != (p & 0xFF) || ((p >> 8) & 0xFF) != (p & 0xFF)) return false;
        }
    }
    return true;
}

namespace {

// Raw deflate of rows [y0, y1) into `out`, ending on a byte boundary (sync flush) or, for
// the last part, with the final block; `adler` is the rows' zlib checksum.
struct CompressedPart {
    std::vector<uint8_t> out;
    uLong adler = 0;
    size_t raw_bytes = 0;
    bool ok = true;
};

void compress_rows(int y0, int y1, bool last, int row_bytes, int strategy,
                   const std::function<void(int y, uint8_t* out)>& fill_row, CompressedPart& part) {
    z_stream z{};
    part.adler = adler32(0L, nullptr, 0);
    if (deflateInit2(&z, 1, Z_DEFLATED, -15, 8, strategy) != Z_OK) {
        part.ok = false;
        return;
    }
    std::vector<uint8_t> row(static_cast<size_t>(row_bytes));
    uint8_t buffer[1 << 14];
    for (int y = y0; part.ok && y <= y1; ++y) {
        const bool end = y == y1;
        if (!end) {
            fill_row(y, row.data());
            part.adler = adler32_z(part.adler, row.data(), row.size());
            part.raw_bytes += row.size();
            z.next_in = row.data();
            z.avail_in = uInt(row.size());
        }
        const int flush = end ? (last ? Z_FINISH : Z_SYNC_FLUSH) : Z_NO_FLUSH;
        do { // until zlib took the whole row and, at the end, flushed everything
            z.next_out = buffer;
            z.avail_out = sizeof buffer;
            const int status = deflate(&z, flush);
            if (status == Z_STREAM_ERROR) part.ok = false;
            part.out.insert(part.out.end(), buffer, buffer + (sizeof buffer - z.avail_out));
        } while (part.ok && (z.avail_in > 0 || z.avail_out == 0));
    }
    deflateEnd(&z);
}

} // namespace

Status write_png_rows(const std::filesystem::path& path, int width, int height, int channels,
                      const std::function<void(int y, uint8_t* out)>& fill_row, int threads) {
    if (width < 1 || height < 1) return make_error(path.string(), 0, "cannot write an empty PNG");
    const int row_bytes = width * channels + 1;
    // Grey frames are text on a plain ground, where run-length matching is as small and
    // a third faster; colour frames compress better with level 1's hashing.
    const int strategy = channels == 1 ? Z_RLE : Z_DEFAULT_STRATEGY;

    // Two halves deflated at once, as pigz does: each half is a raw deflate stream of its
    // own (the second cannot refer back into the first, a few hundred bytes lost), the
    // first ending on a byte boundary, joined under one zlib header and checksum.
    const int parts = (threads > 1 && height >= 256) ? 2 : 1;
    CompressedPart first, second;
    const int split = parts == 2 ? height / 2 : height;
    if (parts == 2) {
        std::thread worker(
            [&] { compress_rows(split, height, true, row_bytes, strategy, fill_row, second); });
        compress_rows(0, split, false, row_bytes, strategy, fill_row, first);
        worker.join();
    } else {
        compress_rows(0, height, true, row_bytes, strategy, fill_row, first);
    }
    if (!first.ok || !second.ok)
        return make_error(path.string(), 0, "cannot write PNG (zlib failed)");
    uLong adler = first.adler;
    if (parts == 2) adler = adler32_combine(first.adler, second.adler, z_off_t(second.raw_bytes));

    std::unique_ptr<FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
    if (!file) return io_error(path, errno);
    static constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    uint8_t ihdr[13];
    put_u32(ihdr, uint32_t(width));
    put_u32(ihdr + 4, uint32_t(height));
    ihdr[8] = 8;                                         // bits per channel
    ihdr[9] = channels == 4 ? 6 : channels == 3 ? 2 : 0; // RGBA, RGB or grey
    ihdr[10] = ihdr[11] = ihdr[12] = 0; // deflate, adaptive filtering, no interlace
    // zlib stream: header (deflate, 32 KiB window, fastest level), data, Adler-32.
    const uint8_t zlib_header[2] = {0x78, 0x01};
    uint8_t zlib_trailer[4];
    put_u32(zlib_trailer, uint32_t(adler));
    first.out.insert(first.out.begin(), zlib_header, zlib_header + 2);
    (parts == 2 ? second : first)
        .out.insert((parts == 2 ? second : first).out.end(), zlib_trailer, zlib_trailer + 4);
    bool ok =
        std::fwrite(kSignature, 1, 8, file.get()) == 8 &&
        write_chunk(file.get(), "IHDR", ihdr, sizeof ihdr) &&
        write_chunk(file.get(), "IDAT", first.out.data(), first.out.size()) &&
        (parts == 1 || write_chunk(file.get(), "IDAT", second.out.data(), second.out.size())) &&
        write_chunk(file.get(), "IEND", nullptr, 0);
    const int write_errno = errno;
    if (std::fclose(file.release()) != 0 || !ok) return io_error(path, ok ? errno : write_errno);
    return Ok{};
}

Status write_argb_png(const std::filesystem::path& path, const void* pixels, int width, int height,
                      int pitch_bytes, int threads) {
    const auto* bytes = static_cast<const uint8_t*>(pixels);
    const bool grey = argb_is_grey(pixels, width, height, pitch_bytes);
    return write_png_rows(
        path, width, height, grey ? 1 : 3,
        [&](int y, uint8_t* out) {
            const auto* row =
                reinterpret_cast<const uint32_t*>(bytes + size_t(y) * size_t(pitch_bytes));
            if (grey)
                filter_grey_row(row, width, out);
            else
                filter_argb_row(row, width, out);
        },
        threads);
}

PngFrame PngFrame::from_argb(const void* pixels, int width, int height, int pitch_bytes,
                             std::vector<uint8_t> storage) {
    PngFrame frame;
    frame.m_filtered = std::move(storage);
    frame.m_width = width;
    frame.m_height = height;
    frame.m_channels = 3;
    const size_t row_bytes = 1 + size_t(width) * 3;
    frame.m_filtered.resize(row_bytes * size_t(height));
    for (int y = 0; y < height; ++y)
        filter_argb_row(reinterpret_cast<const uint32_t*>(static_cast<const uint8_t*>(pixels) +
                                                          size_t(y) * size_t(pitch_bytes)),
                        width, &frame.m_filtered[size_t(y) * row_bytes]);
    return frame;
}

PngFrame PngFrame::from_image(const Image& image) {
    PngFrame frame;
    frame.m_width = image.width;
    frame.m_height = image.height;
    bool opaque = true;
    for (size_t i = 3; i < image.rgba.size() && opaque; i += 4)
        opaque = image.rgba[i] == 255;
    frame.m_channels = opaque ? 3 : 4;
    const size_t row_bytes = 1 + size_t(image.width) * size_t(frame.m_channels);
    frame.m_filtered.resize(row_bytes * size_t(image.height));
    for (int y = 0; y < image.height; ++y)
        filter_rgba_row(image.rgba.data() + size_t(y) * size_t(image.width) * 4, image.width,
                        frame.m_channels, &frame.m_filtered[size_t(y) * row_bytes]);
    return frame;
}

Status PngFrame::write(const std::filesystem::path& path, int threads) const {
    const size_t row_bytes = 1 + size_t(m_width) * size_t(m_channels);
    return write_png_rows(
        path, m_width, m_height, m_channels,
        [&](int y, uint8_t* out) {
            std::memcpy(out, &m_filtered[size_t(y) * row_bytes], row_bytes);
        },
        threads);
}

} // namespace kiosk::raster
