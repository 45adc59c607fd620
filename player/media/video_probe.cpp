#include "player/media/video_probe.h"

#include "player/core/byte_size.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
}

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <system_error>

namespace kiosk::media {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kReencode = "re-encode as H.264 in MP4 or VP9 in WebM";
constexpr std::string_view kExportAgain = "copy or export the file again";
// Enough for every demuxer's content probe to be sure (mov and matroska need far less).
constexpr size_t kSniffBytes = 64 * 1024;

struct Container {
    std::string_view name;  // VideoInfo::container, and av_find_input_format's short name
    std::string_view title; // in messages
    std::span<const AVCodecID> video;
    std::span<const AVCodecID> audio;
};

constexpr AVCodecID kMp4Video[] = {AV_CODEC_ID_H264, AV_CODEC_ID_VP9, AV_CODEC_ID_AV1};
constexpr AVCodecID kMp4Audio[] = {AV_CODEC_ID_AAC, AV_CODEC_ID_MP3, AV_CODEC_ID_OPUS};
constexpr AVCodecID kWebmVideo[] = {AV_CODEC_ID_VP8, AV_CODEC_ID_VP9, AV_CODEC_ID_AV1};
constexpr AVCodecID kWebmAudio[] = {AV_CODEC_ID_OPUS, AV_CODEC_ID_VORBIS};

constexpr Container kMp4{"mp4", "MP4", kMp4Video, kMp4Audio};
constexpr Container kWebm{"webm", "WebM", kWebmVideo, kWebmAudio};

struct FormatCloser {
    void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
struct CodecFreer {
    void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
struct PacketFreer {
    void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct FrameFreer {
    void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct DictionaryFreer {
    void operator()(AVDictionary* dictionary) const { av_dict_free(&dictionary); }
};
using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;

// FFmpeg's own log lines would land on the terminal of whoever runs `bundle check`, between
// our messages; each problem is reported once, as a refusal, instead.
void quiet_ffmpeg() {
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

// FFmpeg polls this during every blocking read; returning 1 makes the read fail.
struct Deadline {
    std::chrono::steady_clock::time_point at;
    bool expired = false;
};
int past_deadline(void* opaque) {
    auto* deadline = static_cast<Deadline*>(opaque);
    if (std::chrono::steady_clock::now() > deadline->at) deadline->expired = true;
    return deadline->expired ? 1 : 0;
}

std::string av_error(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

std::string seconds(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f s", value);
    return text;
}

std::string codec_list(std::span<const AVCodecID> codecs) {
    std::string list;
    for (AVCodecID id : codecs) {
        if (!list.empty()) list += ", ";
        list += avcodec_get_name(id);
    }
    return list;
}

bool allowed(std::span<const AVCodecID> codecs, AVCodecID id) {
    return std::find(codecs.begin(), codecs.end(), id) != codecs.end();
}

// Every decoder of the allowed codecs, for AVFormatContext::codec_whitelist: stream probing
// then never runs a decoder for anything else, however the file labels its streams.
std::string decoder_whitelist(const Container& container) {
    std::string names;
    void* iterator = nullptr;
    while (const AVCodec* codec = av_codec_iterate(&iterator)) {
        if (!av_codec_is_decoder(codec)) continue;
        if (!allowed(container.video, codec->id) && !allowed(container.audio, codec->id)) continue;
        if (!names.empty()) names += ',';
        names += codec->name;
    }
    return names;
}

const Container* container_for(const fs::path& file) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".mp4" || extension == ".m4v") return &kMp4;
    if (extension == ".webm") return &kWebm;
    return nullptr;
}

bool is_demuxer(const AVInputFormat* format, std::string_view short_name) {
    return format && format == av_find_input_format(std::string(short_name).c_str());
}

// What the first bytes really are, judged by content alone (no file name, so the extension
// cannot sway it); nullptr when no format is reasonably sure.
const AVInputFormat* sniff(const std::string& head) {
    std::string padded = head;
    padded.resize(head.size() + AVPROBE_PADDING_SIZE, '\0');
    AVProbeData probe{};
    probe.filename = "";
    probe.buf = reinterpret_cast<unsigned char*>(padded.data());
    probe.buf_size = static_cast<int>(head.size());
    int score = 0;
    const AVInputFormat* format = av_probe_input_format3(&probe, 1, &score);
    return score >= AVPROBE_SCORE_EXTENSION ? format : nullptr;
}

std::string mismatch(const Container& expected, const AVInputFormat* actual) {
    if (is_demuxer(actual, "webm"))
        return "is a WebM (Matroska) video, not MP4 as its name says; rename it to .webm, or " +
               std::string(kReencode);
    if (is_demuxer(actual, "mp4"))
        return "is an MP4 (QuickTime) video, not WebM as its name says; rename it to .mp4, "
               "or " +
               std::string(kReencode);
    return "is of another type (FFmpeg calls it \"" +
           std::string(actual->long_name ? actual->long_name : actual->name) + "\"), not " +
           std::string(expected.title) + " as its name says; " + std::string(kReencode);
}

// The first stream of `type`, skipping cover art (a still picture in a video stream).
int first_stream(const AVFormatContext& format, AVMediaType type) {
    for (unsigned i = 0; i < format.nb_streams; ++i) {
        const AVStream& stream = *format.streams[i];
        if (stream.codecpar->codec_type != type) continue;
        if (stream.disposition & AV_DISPOSITION_ATTACHED_PIC) continue;
        return static_cast<int>(i);
    }
    return -1;
}

std::string limit_help(const VideoLimits& limits) {
    return std::to_string(limits.max_width) + "x" + std::to_string(limits.max_height);
}

// Refusals share their file; this keeps each return one line.
struct Refuse {
    const std::string& shown;
    Error operator()(std::string message) const { return make_error(shown, 0, std::move(message)); }
};

} // namespace

Result<VideoInfo> probe_video(const fs::path& file, const std::string& shown,
                              const VideoLimits& limits) {
    quiet_ffmpeg();
    const Refuse refuse{shown};

    const Container* container = container_for(file);
    if (!container)
        return refuse("\"" + file.extension().string() +
                      "\" is not a video type the terminals play; " + std::string(kReencode) +
                      " (.mp4 or .webm)");

    // Size first, from the folder entry: a file over the limit is refused unread.
    std::error_code ec;
    const fs::file_status status = fs::status(file, ec);
    if (!fs::exists(status)) return refuse("no such file; check the name and the folder");
    if (!fs::is_regular_file(status))
        return refuse("not a regular file (a folder, device or pipe?); put the video file here");
    const uint64_t size = fs::file_size(file, ec);
    if (ec) return refuse("cannot read its size (" + ec.message() + "); check its permissions");
    if (size > limits.max_bytes)
        return refuse("is " + std::to_string(size) + " bytes, over the " +
                      describe_bytes(limits.max_bytes) +
                      " limit for a video; shorten it or re-encode at a lower bit rate");
    if (size == 0) return refuse("is empty (0 bytes); " + std::string(kExportAgain));

    std::string head(static_cast<size_t>(std::min<uint64_t>(size, kSniffBytes)), '\0');
    {
        std::ifstream in(file, std::ios::binary);
        if (!in || !in.read(head.data(), static_cast<std::streamsize>(head.size())))
            return refuse("cannot be read; check its permissions");
    }
    const AVInputFormat* expected = av_find_input_format(std::string(container->name).c_str());
    if (!expected)
        return refuse("this FFmpeg build has no " + std::string(container->title) +
                      " demuxer; install the distribution's libavformat");
    const AVInputFormat* sniffed = sniff(head);
    if (sniffed && sniffed != expected) return refuse(mismatch(*container, sniffed));

    Deadline deadline{std::chrono::steady_clock::now() +
                      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                          std::chrono::duration<double>(limits.max_check_seconds))};
    const std::string too_slow = "took over " + seconds(limits.max_check_seconds) +
                                 " to read, so it is damaged or built to stall players; " +
                                 std::string(kExportAgain);

    FormatPtr format(avformat_alloc_context());
    if (!format) return refuse("out of memory while opening it");
    format->interrupt_callback = {&past_deadline, &deadline};
    // Only this demuxer, only local reads (no URLs hidden in playlists or references), only
    // the decoders of allowed codecs while probing streams, and a few streams at most.
    format->format_whitelist = av_strdup(expected->name);
    format->protocol_whitelist = av_strdup("file");
    format->codec_whitelist = av_strdup(decoder_whitelist(*container).c_str());
    format->max_streams = 32;
    format->probesize = 4 << 20;
    format->max_analyze_duration = 5 * AV_TIME_BASE;
    if (!format->format_whitelist || !format->protocol_whitelist || !format->codec_whitelist)
        return refuse("out of memory while opening it");

    std::unique_ptr<AVDictionary, DictionaryFreer> options;
    {
        // MP4 data references could point the demuxer at other files on the machine.
        AVDictionary* raw = nullptr;
        av_dict_set(&raw, "enable_drefs", "0", 0);
        options.reset(raw);
    }
    // "file:" keeps a colon in the name ("a:b.mp4") from reading as a protocol.
    const std::string url = "file:" + fs::absolute(file, ec).string();
    {
        AVFormatContext* raw = format.release();
        AVDictionary* raw_options = options.release();
        // On failure avformat_open_input frees the context itself.
        const int rc = avformat_open_input(&raw, url.c_str(), expected, &raw_options);
        options.reset(raw_options);
        if (rc < 0) {
            if (deadline.expired) return refuse(too_slow);
            if (!sniffed)
                return refuse("is not a video: its content is not " +
                              std::string(container->title) + " (nor any format FFmpeg knows); " +
                              std::string(kReencode));
            return refuse("is damaged or truncated: its " + std::string(container->title) +
                          " header cannot be read (" + av_error(rc) +
                          "; an MP4 cut short loses its index); " + std::string(kExportAgain));
        }
        format.reset(raw);
    }
    // The size was checked on the folder entry; the file opened may have grown since.
    if (const int64_t opened = avio_size(format->pb);
        opened > 0 && static_cast<uint64_t>(opened) > limits.max_bytes)
        return refuse("grew to " + std::to_string(opened) +
                      " bytes while being checked, over the " + describe_bytes(limits.max_bytes) +
                      " limit for a video; check it again");

    if (container == &kMp4) {
        // The mov demuxer reads QuickTime and 3GPP too; they share MP4's layout but not its
        // promise of playing everywhere.
        const AVDictionaryEntry* brand = av_dict_get(format->metadata, "major_brand", nullptr, 0);
        const std::string_view major = brand && brand->value ? brand->value : "";
        if (major.substr(0, 2) == "qt")
            return refuse("is a QuickTime .mov file, not MP4 as its name says; remux it "
                          "(ffmpeg -i in.mov -c copy out.mp4) or " +
                          std::string(kReencode));
        if (major.substr(0, 3) == "3gp" || major.substr(0, 3) == "3g2")
            return refuse("is a 3GPP phone video, not MP4 as its name says; " +
                          std::string(kReencode));
    }

    const int video_index = first_stream(*format, AVMEDIA_TYPE_VIDEO);
    if (video_index < 0) {
        if (first_stream(*format, AVMEDIA_TYPE_AUDIO) >= 0)
            return refuse("has no video stream, only sound; export the video with its "
                          "pictures (sound alone belongs in a .wav)");
        return refuse("has no video stream; " + std::string(kExportAgain));
    }
    AVStream& video = *format->streams[video_index];
    const AVCodecID video_id = video.codecpar->codec_id;
    if (!allowed(container->video, video_id))
        return refuse("video codec " + std::string(avcodec_get_name(video_id)) +
                      " is not one the terminals play in " + std::string(container->title) + " (" +
                      codec_list(container->video) + "); " + std::string(kReencode));
    int audio_index = -1;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        const AVCodecParameters& codec = *format->streams[i]->codecpar;
        if (codec.codec_type != AVMEDIA_TYPE_AUDIO) continue;
        // Every audio track, not just the first: the player may pick any of them.
        if (!allowed(container->audio, codec.codec_id))
            return refuse("audio codec " + std::string(avcodec_get_name(codec.codec_id)) +
                          " is not one the terminals play in " + std::string(container->title) +
                          " (" + codec_list(container->audio) +
                          "); re-encode as H.264/AAC in MP4 or VP9/Opus in WebM");
        if (audio_index < 0) audio_index = static_cast<int>(i);
    }

    // Only now, with every codec known to be allowed, may probing run decoders.
    if (const int rc = avformat_find_stream_info(format.get(), nullptr); rc < 0) {
        if (deadline.expired) return refuse(too_slow);
        return refuse("is damaged: its streams cannot be read (" + av_error(rc) + "); " +
                      std::string(kExportAgain));
    }

    VideoInfo info;
    info.container = std::string(container->name);
    info.video_codec = avcodec_get_name(video_id);
    if (audio_index >= 0)
        info.audio_codec = avcodec_get_name(format->streams[audio_index]->codecpar->codec_id);
    info.width = video.codecpar->width;
    info.height = video.codecpar->height;
    if (info.width <= 0 || info.height <= 0)
        return refuse("the video's picture size is unknown (" + std::to_string(info.width) + "x" +
                      std::to_string(info.height) + "); " + std::string(kExportAgain));
    if (info.width > limits.max_width || info.height > limits.max_height)
        return refuse("the video is " + std::to_string(info.width) + "x" +
                      std::to_string(info.height) + ", over the " + limit_help(limits) +
                      " limit; re-encode it at most " + std::to_string(limits.max_width) +
                      " wide and " + std::to_string(limits.max_height) + " high (e.g. 1920x1080)");

    const double time_base = av_q2d(video.time_base);
    // A duration guessed from the bit rate is no duration: the file never said it.
    if (format->duration > 0 && format->duration_estimation_method != AVFMT_DURATION_FROM_BITRATE)
        info.duration_seconds = static_cast<double>(format->duration) / AV_TIME_BASE;
    else if (video.duration > 0)
        info.duration_seconds = static_cast<double>(video.duration) * time_base;
    if (!(info.duration_seconds > 0))
        return refuse("does not say how long it is (no duration, as in a live recording); "
                      "remux it (ffmpeg -i in -c copy out) or " +
                      std::string(kReencode));
    if (info.duration_seconds > limits.max_seconds)
        return refuse("is " + seconds(info.duration_seconds) + " long, over the " +
                      seconds(limits.max_seconds) + " limit; shorten it or split it into parts");
    const AVRational rate = video.avg_frame_rate.num > 0 && video.avg_frame_rate.den > 0
                                ? video.avg_frame_rate
                                : video.r_frame_rate;
    if (rate.num > 0 && rate.den > 0) info.frame_rate = av_q2d(rate);

    const AVCodec* decoder = avcodec_find_decoder(video_id);
    CodecPtr codec(avcodec_alloc_context3(decoder));
    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    if (!decoder || !codec || !packet || !frame)
        return refuse("no " + info.video_codec +
                      " decoder in this FFmpeg build; install the "
                      "distribution's libavcodec");
    if (avcodec_parameters_to_context(codec.get(), video.codecpar) < 0)
        return refuse("out of memory while opening its decoder");
    codec->thread_count = 1;
    // The bitstream may claim a larger picture than the container; cap what the decoder
    // allocates near the limit (with room for coded sizes rounded up to whole blocks).
    codec->max_pixels = static_cast<int64_t>(limits.max_width + 64) * (limits.max_height + 64);
    if (const int rc = avcodec_open2(codec.get(), decoder, nullptr); rc < 0)
        return refuse("the " + info.video_codec + " decoder refuses the video's settings (" +
                      av_error(rc) + "); " + std::string(kReencode));

    // Demux to the end: a copy cut short is only found by reading it all. Only the first
    // picture is decoded, to prove the decoder takes the stream.
    const int64_t start = video.start_time != AV_NOPTS_VALUE ? video.start_time : 0;
    double video_end = 0; // of the packets read, in seconds from the video's start
    bool decoded = false;
    int decode_error = 0;
    auto receive = [&] {
        const int rc = avcodec_receive_frame(codec.get(), frame.get());
        if (rc == 0)
            decoded = true;
        else if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF)
            decode_error = rc;
    };
    int read_error = 0;
    for (;;) {
        const int rc = av_read_frame(format.get(), packet.get());
        if (rc == AVERROR_EOF) break;
        if (rc < 0) {
            if (deadline.expired) return refuse(too_slow);
            read_error = rc;
            break;
        }
        if (packet->stream_index == video_index) {
            ++info.video_packets;
            const int64_t at = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
            if (at != AV_NOPTS_VALUE) {
                const int64_t end = at - start + std::max<int64_t>(packet->duration, 0);
                video_end = std::max(video_end, static_cast<double>(end) * time_base);
            }
            if (!decoded && !decode_error) {
                const int sent = avcodec_send_packet(codec.get(), packet.get());
                if (sent < 0 && sent != AVERROR(EAGAIN))
                    decode_error = sent;
                else
                    receive();
            }
        }
        av_packet_unref(packet.get());
    }
    if (deadline.expired) return refuse(too_slow);

    // An MP4 gives its video track's own length; audio may run on past the pictures.
    const double video_declared = video.duration > 0
                                      ? static_cast<double>(video.duration) * time_base
                                      : info.duration_seconds;
    if (read_error)
        return refuse("is damaged or truncated: reading stopped at " + seconds(video_end) + " of " +
                      seconds(video_declared) + " (" + av_error(read_error) + "); " +
                      std::string(kExportAgain));
    if (info.video_packets == 0)
        return refuse("has no video frames (its video stream is empty); " +
                      std::string(kExportAgain));
    const double allowed_short = std::max(1.0, 0.1 * video_declared);
    if (video.nb_frames > info.video_packets || video_declared - video_end > allowed_short)
        return refuse("is truncated: it ends at " + seconds(video_end) + " of " +
                      seconds(video_declared) + "; " + std::string(kExportAgain));

    if (!decoded && !decode_error) {
        // Decoders that hold frames back (B-frames, lookahead) give them up when drained.
        if (const int rc = avcodec_send_packet(codec.get(), nullptr); rc < 0)
            decode_error = rc;
        else
            receive();
    }
    if (decode_error)
        return refuse("the first video frame cannot be decoded (" + av_error(decode_error) +
                      "); the file is damaged: " + std::string(kExportAgain));
    if (!decoded)
        return refuse("no video frame could be decoded; the file is damaged: " +
                      std::string(kExportAgain));
    if (frame->width > limits.max_width || frame->height > limits.max_height)
        return refuse("the pictures are " + std::to_string(frame->width) + "x" +
                      std::to_string(frame->height) + " though the file says " +
                      std::to_string(info.width) + "x" + std::to_string(info.height) +
                      ", over the " + limit_help(limits) + " limit; " + std::string(kReencode));
    return info;
}

} // namespace kiosk::media
