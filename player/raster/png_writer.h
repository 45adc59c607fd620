#pragma once
// Fast, lossless PNG output of frames.
//
// Kiosk frames are flat colour with anti-aliased text, so each row is stored with the
// PNG "Sub" filter (runs of one colour become zeros) and deflated by zlib at level 1 with
// the RLE strategy: several times faster than libpng's defaults, for files of about the
// same size. Any PNG reader gets exactly the pixels that were drawn.
//
// write_png_rows encodes while it reads rows (no copy of the frame). PngFrame is a frame
// filtered into one buffer, to be written later or on another thread: `bundle preview`
// draws the next screen while a worker writes this one.

#include "player/core/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

namespace kiosk::raster {

struct Image;

// Writes a PNG of `width` x `height` pixels, 1 (grey), 3 (RGB) or 4 (RGBA) channels.
// `fill_row(y, out)` writes row y, filter byte first, width * channels + 1 bytes; with
// `threads` 2 it is called from two threads at once (for different rows) and the two
// halves of a tall frame deflate in parallel.
Status write_png_rows(const std::filesystem::path& path, int width, int height, int channels,
                      const std::function<void(int y, uint8_t* out)>& fill_row, int threads = 1);

// Filters one row of SDL_PIXELFORMAT_ARGB8888 pixels into PNG RGB bytes, filter byte
// first (alpha is dropped: frames are opaque).
void filter_argb_row(const uint32_t* pixels, int width, uint8_t* out);
// The same into one grey byte a pixel, for frames where red = green = blue everywhere
// (black text on white): a third of the bytes to deflate, the same pixels read back.
void filter_grey_row(const uint32_t* pixels, int width, uint8_t* out);
bool argb_is_grey(const void* pixels, int width, int height, int pitch_bytes);

// Writes rows of SDL_PIXELFORMAT_ARGB8888 pixels (alpha dropped) as a PNG: grey when
// red = green = blue everywhere, else RGB; `threads` as for write_png_rows. The one
// encoder of drawn frames, so a window, an offscreen surface and a raster::Canvas holding
// the same pixels write the same file.
Status write_argb_png(const std::filesystem::path& path, const void* pixels, int width, int height,
                      int pitch_bytes, int threads);

class PngFrame {
  public:
    // Rows of 32-bit pixels as SDL_PIXELFORMAT_ARGB8888 stores them; the PNG is RGB.
    // `storage` is reused when given (see release()): no fresh pages to fault in per frame.
    static PngFrame from_argb(const void* pixels, int width, int height, int pitch_bytes,
                              std::vector<uint8_t> storage = {});
    // RGBA pixels; the PNG is RGB when every pixel is opaque, else RGBA.
    static PngFrame from_image(const Image& image);

    // Deflates and writes the PNG; may run on another thread than the capture. `threads`
    // as for write_png_rows: 1 when the caller already keeps the other core busy.
    Status write(const std::filesystem::path& path, int threads = 1) const;
    // Gives the buffer back, for the next from_argb.
    std::vector<uint8_t> release() && { return std::move(m_filtered); }

  private:
    int m_width = 0, m_height = 0;
    int m_channels = 3;
    std::vector<uint8_t> m_filtered; // per row: filter type byte, then filtered bytes
};

} // namespace kiosk::raster
