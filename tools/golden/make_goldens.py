#!/usr/bin/env python3
"""Golden-data generator for spark-qwenvl.

Produces, deterministically, under --out DIR:
  DIR/fixtures/  small media files for Java tests (+ MANIFEST.json describing each)
  DIR/golden/    reference outputs of transformers / PIL / cv2 for those fixtures (+ README.md)
  DIR/samples/   the README's small sample corpus (3 images + 1 video)
  DIR/tiny/      the tiny random checkpoint (model.safetensors + configs + tokenizer); NOT committed

Needs: numpy, Pillow, opencv-python-headless, torch, torchvision, transformers (5.x). Run:
  python3 tools/golden/make_goldens.py --out /tmp/goldens
Every section runs even if an earlier one failed; failures are listed in golden/errors.json.
"""

import argparse
import contextlib
import gzip
import hashlib
import io
import json
import math
import os
import shutil
import struct
import sys
import traceback
import zlib

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TINY_SRC = os.path.join(REPO, "spark-qwenvl/src/main/resources/io/sparkqwenvl/tiny")

FACTOR = 28  # patch 14 x merge 2
MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]
DEFAULT_MIN_PIXELS = 3136
DEFAULT_MAX_PIXELS = 12845056
EOS = [151645, 151643]
PAD_ID = 151643

# Qwen2-VL / Qwen2.5-VL ChatML template (facts §6.1).
CHAT_TEMPLATE = (
    "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}"
    "{% for message in messages %}{% if loop.first and message['role'] != 'system' %}"
    "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}"
    "<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}"
    "{{ message['content'] }}<|im_end|>\n{% else %}{% for content in message['content'] %}"
    "{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}"
    "{% set image_count.value = image_count.value + 1 %}{% if add_vision_id %}"
    "Picture {{ image_count.value }}: {% endif %}<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif content['type'] == 'video' or 'video' in content %}"
    "{% set video_count.value = video_count.value + 1 %}{% if add_vision_id %}"
    "Video {{ video_count.value }}: {% endif %}<|vision_start|><|video_pad|><|vision_end|>"
    "{% elif 'text' in content %}{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n"
    "{% endif %}{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)

ERRORS = []  # (section, traceback) of failed sections
FINDINGS = {}  # observed library semantics, written to golden/findings.json


@contextlib.contextmanager
def section(name):
    """Runs one independent part; a failure is logged and recorded, later parts still run."""
    print(f"== {name}", flush=True)
    try:
        yield
    except Exception:  # noqa: BLE001 - we want every section to run
        tb = traceback.format_exc()
        print(tb, flush=True)
        ERRORS.append({"section": name, "traceback": tb})


# ----------------------------------------------------------------------------- file helpers


def write_json(path, obj, pretty=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        if pretty:
            json.dump(obj, f, indent=2, sort_keys=False)
        else:
            json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


def write_npy_gz(path, arr):
    """Writes arr as .npy inside gzip (mtime 0, so the bytes are deterministic)."""
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(arr), allow_pickle=False)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(buf.getvalue())


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def to_list(t):
    """torch/numpy tensor (or nested) -> plain Python lists."""
    if t is None:
        return None
    if hasattr(t, "detach"):
        t = t.detach().cpu().numpy()
    if isinstance(t, np.ndarray):
        return t.tolist()
    if isinstance(t, (list, tuple)):
        return [to_list(x) for x in t]
    return t


# ----------------------------------------------------------------------------- tiny checkpoint

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
SEED = 20241204


def mix_int(z):
    """splitmix64 finalizer on a Python int (reference for the vectorized version)."""
    z &= M64
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & M64
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & M64
    z ^= z >> 31
    return z


def mix_np(z):
    """splitmix64 finalizer over a uint64 array; numpy uint64 arithmetic wraps mod 2^64."""
    z = z ^ (z >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def fnv1a64(name):
    h = 0xCBF29CE484222325
    for b in name.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & M64
    return h


def tiny_tensor_specs(cfg):
    """(name, shape) of every tensor of the tiny checkpoint, hub naming (BRIEF)."""
    H, I, V = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    hd = H // cfg["num_attention_heads"]
    kv = cfg["num_key_value_heads"] * hd
    vc = cfg["vision_config"]
    Hv, Iv, out = vc["hidden_size"], vc["intermediate_size"], vc["out_hidden_size"]
    ps, tp, m = vc["patch_size"], vc["temporal_patch_size"], vc["spatial_merge_size"]
    specs = [("model.embed_tokens.weight", [V, H]), ("model.norm.weight", [H])]
    for n in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{n}."
        specs += [
            (p + "self_attn.q_proj.weight", [H, H]), (p + "self_attn.q_proj.bias", [H]),
            (p + "self_attn.k_proj.weight", [kv, H]), (p + "self_attn.k_proj.bias", [kv]),
            (p + "self_attn.v_proj.weight", [kv, H]), (p + "self_attn.v_proj.bias", [kv]),
            (p + "self_attn.o_proj.weight", [H, H]),
            (p + "mlp.gate_proj.weight", [I, H]), (p + "mlp.up_proj.weight", [I, H]),
            (p + "mlp.down_proj.weight", [H, I]),
            (p + "input_layernorm.weight", [H]), (p + "post_attention_layernorm.weight", [H]),
        ]
    specs.append(("visual.patch_embed.proj.weight", [Hv, 3, tp, ps, ps]))
    for n in range(vc["depth"]):
        p = f"visual.blocks.{n}."
        specs += [
            (p + "norm1.weight", [Hv]), (p + "norm2.weight", [Hv]),
            (p + "attn.qkv.weight", [3 * Hv, Hv]), (p + "attn.qkv.bias", [3 * Hv]),
            (p + "attn.proj.weight", [Hv, Hv]), (p + "attn.proj.bias", [Hv]),
            (p + "mlp.gate_proj.weight", [Iv, Hv]), (p + "mlp.gate_proj.bias", [Iv]),
            (p + "mlp.up_proj.weight", [Iv, Hv]), (p + "mlp.up_proj.bias", [Iv]),
            (p + "mlp.down_proj.weight", [Hv, Iv]), (p + "mlp.down_proj.bias", [Hv]),
        ]
    M = Hv * m * m
    specs += [
        ("visual.merger.ln_q.weight", [Hv]),
        ("visual.merger.mlp.0.weight", [M, M]), ("visual.merger.mlp.0.bias", [M]),
        ("visual.merger.mlp.2.weight", [out, M]), ("visual.merger.mlp.2.bias", [out]),
    ]
    return sorted(specs)


def center_scale(name, shape):
    if name.endswith(("norm.weight", "norm1.weight", "norm2.weight", "ln_q.weight")):
        return 1.0, 0.1
    if name.endswith(".bias"):
        return 0.0, 0.02
    if name == "model.embed_tokens.weight":
        return 0.0, 1.0
    return 0.0, 1.0 / math.sqrt(math.prod(shape[1:]))


def f32_to_bf16_bits(f32):
    """float32 array -> bf16 bit patterns (uint16), round to nearest even."""
    bits = f32.view(np.uint32)
    return ((bits + np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1)))
            >> np.uint32(16)).astype(np.uint16)


def tiny_tensor_bits(name, shape):
    """bf16 bits of one tensor by the BRIEF rule (flat row-major index i)."""
    n = math.prod(shape)
    ts = mix_int(SEED ^ fnv1a64(name))
    i1 = np.arange(1, n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = mix_np(np.uint64(ts) + i1 * np.uint64(GOLDEN))
    u = (z >> np.uint64(11)).astype(np.float64) * (2.0 ** -53)
    center, scale = center_scale(name, shape)
    val = (center + scale * (2.0 * u - 1.0)).astype(np.float32)
    bits = f32_to_bf16_bits(val)
    # Cross-check the vectorized path against plain integer math on the first elements.
    for i in range(min(3, n)):
        zi = mix_int(ts + (i + 1) * GOLDEN)
        ui = (zi >> 11) * (2.0 ** -53)
        vi = np.float32(center + scale * (2.0 * ui - 1.0))
        assert f32_to_bf16_bits(np.array([vi], np.float32))[0] == bits[i], name
    return ts, bits.reshape(shape)


def write_tiny_checkpoint(tiny_dir, golden_dir):
    """model.safetensors + configs + tokenizer (+ chat template) into tiny_dir."""
    os.makedirs(tiny_dir, exist_ok=True)
    for f in ("config.json", "preprocessor_config.json", "generation_config.json"):
        shutil.copy(os.path.join(TINY_SRC, f), os.path.join(tiny_dir, f))
    with gzip.open(os.path.join(TINY_SRC, "tokenizer.json.gz"), "rb") as src, \
            open(os.path.join(tiny_dir, "tokenizer.json"), "wb") as dst:
        dst.write(src.read())
    write_json(os.path.join(tiny_dir, "tokenizer_config.json"), {
        "tokenizer_class": "Qwen2Tokenizer", "model_max_length": 131072,
        "bos_token": None, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
        "unk_token": None, "add_prefix_space": False, "clean_up_tokenization_spaces": False,
        "errors": "replace", "split_special_tokens": False, "chat_template": CHAT_TEMPLATE,
    }, pretty=True)
    write_json(os.path.join(tiny_dir, "chat_template.json"), {"chat_template": CHAT_TEMPLATE})
    with open(os.path.join(tiny_dir, "config.json")) as f:
        cfg = json.load(f)

    specs = tiny_tensor_specs(cfg)
    header, blobs, offset, checks = {"__metadata__": {"format": "pt"}}, [], 0, {}
    check_names = {
        "model.embed_tokens.weight", "model.norm.weight", "model.layers.0.self_attn.q_proj.weight",
        "model.layers.1.self_attn.k_proj.bias", "model.layers.0.input_layernorm.weight",
        "visual.patch_embed.proj.weight", "visual.blocks.2.attn.qkv.bias",
        "visual.merger.ln_q.weight", "visual.merger.mlp.0.weight", "visual.merger.mlp.2.bias",
    }
    for name, shape in specs:
        ts, bits = tiny_tensor_bits(name, shape)
        data = bits.astype("<u2").tobytes()
        header[name] = {"dtype": "BF16", "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
        if name in check_names:
            f32 = (bits.reshape(-1).astype(np.uint32) << np.uint32(16)).view(np.float32)
            checks[name] = {
                "shape": shape, "ts_hex": f"{ts:016x}",
                "center_scale": list(center_scale(name, shape)),
                "first4_bf16_bits_hex": [f"{int(b):04x}" for b in bits.reshape(-1)[:4]],
                "first4": [float(x) for x in f32[:4]],
                "sum_fsum": math.fsum(float(x) for x in f32),  # exact sum, order independent
                "sum_float32_sequential": float(np.cumsum(f32, dtype=np.float32)[-1]),
            }
    hjson = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hjson += b" " * ((8 - len(hjson) % 8) % 8)
    path = os.path.join(tiny_dir, "model.safetensors")
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        for b in blobs:
            f.write(b)
    write_json(os.path.join(golden_dir, "tiny_weights_check.json"), {
        "rule": "BRIEF.md tiny checkpoint rule, SEED 20241204",
        "safetensors_sha256": sha256(path), "safetensors_bytes": os.path.getsize(path),
        "header_json_bytes_padded": len(hjson), "tensor_count": len(specs),
        "header_key_order": "__metadata__ first, then tensors sorted by name",
        "tensors": checks,
    }, pretty=True)
    return cfg


# ----------------------------------------------------------------------------- fixtures


def load_font(size):
    from PIL import ImageFont
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: fixed bitmap font
        return ImageFont.load_default()


def structured_image(w, h, seed, words="QWEN VL"):
    """Gradient background + shapes + a few rendered words (not noise). RGB."""
    from PIL import Image, ImageDraw
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 40 + 180 * xx / max(w - 1, 1)
    g = 60 + 150 * yy / max(h - 1, 1)
    b = 128 + 100 * np.sin((xx + yy + seed * 7) / max(w, h) * 6.0)
    arr = np.clip(np.stack([r, g, b], -1), 0, 255).astype(np.uint8)
    img = Image.fromarray(arr, "RGB")
    d = ImageDraw.Draw(img)
    d.ellipse([w * 0.1, h * 0.15, w * 0.45, h * 0.6], fill=(230, 40 + seed * 20 % 200, 30))
    d.rectangle([w * 0.55, h * 0.5, w * 0.9, h * 0.9], fill=(20, 30, 200), outline=(255, 255, 0))
    d.line([0, h - 1, w - 1, 0], fill=(255, 255, 255), width=max(1, min(w, h) // 30))
    d.text((max(1, w * 0.05), max(0, h * 0.65)), words, fill=(0, 0, 0), font=load_font(max(8, min(w, h) // 6)))
    return img


def png_chunk(typ, data):
    return struct.pack(">I", len(data)) + typ + data + struct.pack(">I", zlib.crc32(typ + data) & 0xFFFFFFFF)


def make_fixtures(fx):
    """Writes every fixture into fx and returns the manifest entries."""
    from PIL import Image
    os.makedirs(fx, exist_ok=True)
    man = []

    def add(name, kind, note, **kw):
        p = os.path.join(fx, name)
        entry = {"file": name, "kind": kind, "bytes": os.path.getsize(p), "sha256": sha256(p), "note": note}
        entry.update(kw)
        man.append(entry)

    img = structured_image(97, 61, 1, "odd")
    img.save(os.path.join(fx, "odd_97x61.png"))
    add("odd_97x61.png", "image", "RGB PNG, odd size 97x61 (W x H)")
    structured_image(70, 70, 2, "70").save(os.path.join(fx, "square_70x70.png"))
    add("square_70x70.png", "image", "RGB PNG 70x70: 70/28=2.5 rounds half-to-even to 56")
    structured_image(2900, 29, 3, "WIDE STRIP " * 20).save(os.path.join(fx, "wide_2900x29.png"))
    add("wide_2900x29.png", "image", "100:1 aspect ratio, accepted (<=200)")
    structured_image(20, 4100, 4, "T").save(os.path.join(fx, "tall_20x4100.png"))
    add("tall_20x4100.png", "image", "205:1 aspect ratio: must be REJECTED (>200)")

    rgba = structured_image(80, 60, 5, "alpha").convert("RGBA")
    a = np.array(rgba)
    yy, xx = np.mgrid[0:60, 0:80]
    a[..., 3] = np.clip(255 * xx / 79.0, 0, 255).astype(np.uint8)  # horizontal alpha ramp
    a[20:40, 30:50, 3] = 0  # fully transparent hole
    Image.fromarray(a, "RGBA").save(os.path.join(fx, "rgba_80x60.png"))
    add("rgba_80x60.png", "image", "RGBA PNG, alpha ramp 0..255 left->right and a transparent hole")

    la = structured_image(64, 48, 6, "LA").convert("LA")
    la_arr = np.array(la)
    la_arr[..., 1] = np.where((xx[:48, :64] // 8 + yy[:48, :64] // 8) % 2 == 0, 255, 96)
    Image.fromarray(la_arr, "LA").save(os.path.join(fx, "la_64x48.png"))
    add("la_64x48.png", "image", "LA (grey + alpha) PNG, checkerboard alpha 255/96")
    structured_image(90, 90, 7, "grey").convert("L").save(os.path.join(fx, "gray_90x90.png"))
    add("gray_90x90.png", "image", "L (8-bit grayscale) PNG")
    structured_image(100, 75, 8, "pal").convert("P", palette=Image.Palette.ADAPTIVE, colors=32).save(
        os.path.join(fx, "palette_100x75.png"))
    add("palette_100x75.png", "image", "P (palette, 32 colours, no transparency) PNG")

    g16 = np.clip((np.mgrid[0:56, 0:72][1] * 65535.0 / 71), 0, 65535).astype(np.uint16)
    g16[10:30, 10:40] = 200  # a block of small values (<256): distinguishes clip from >>8
    Image.fromarray(g16).save(os.path.join(fx, "gray16_72x56.png"))
    add("gray16_72x56.png", "image", "16-bit grayscale PNG (I;16): ramp 0..65535 + a block of value 200")

    structured_image(96, 64, 9, "cmyk").convert("CMYK").save(os.path.join(fx, "cmyk_96x64.jpg"), quality=90)
    add("cmyk_96x64.jpg", "image", "CMYK JPEG written by Pillow (Adobe APP14)")
    structured_image(120, 90, 10, "prog").save(os.path.join(fx, "progressive_120x90.jpg"), quality=90, progressive=True)
    add("progressive_120x90.jpg", "image", "progressive JPEG")
    structured_image(100, 100, 11, "base").save(os.path.join(fx, "baseline_100x100.jpg"), quality=90)
    add("baseline_100x100.jpg", "image", "baseline JPEG 4:2:0")
    exif = Image.Exif()
    exif[0x0112] = 6
    structured_image(80, 48, 12, "EXIF6").save(os.path.join(fx, "exif_orient6_80x48.jpg"), quality=90, exif=exif.tobytes())
    add("exif_orient6_80x48.jpg", "image", "JPEG stored 80x48 with EXIF Orientation=6: displays as 48x80 (rotate 90 CW)")
    structured_image(64, 64, 13, "webp").save(os.path.join(fx, "lossless_64x64.webp"), lossless=True)
    add("lossless_64x64.webp", "image", "WebP lossless")
    f1 = structured_image(60, 60, 14, "gif1").convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    f2 = structured_image(60, 60, 15, "gif2").transpose(Image.Transpose.FLIP_LEFT_RIGHT).convert("P", palette=Image.Palette.ADAPTIVE, colors=64)
    f1.save(os.path.join(fx, "anim_60x60.gif"), save_all=True, append_images=[f2], duration=200, loop=0)
    add("anim_60x60.gif", "image", "2-frame GIF; only the FIRST frame is used")
    structured_image(50, 70, 16, "bmp").save(os.path.join(fx, "bmp_50x70.bmp"))
    add("bmp_50x70.bmp", "image", "24-bit BMP 50x70 (height 70 -> 56 by half-even rounding)")
    tif = structured_image(88, 66, 17, "tiff")
    try:
        tif.save(os.path.join(fx, "lzw_88x66.tif"), compression="tiff_lzw")
        add("lzw_88x66.tif", "image", "TIFF, LZW compressed")
    except Exception:  # libtiff missing: uncompressed
        tif.save(os.path.join(fx, "lzw_88x66.tif"))
        add("lzw_88x66.tif", "image", "TIFF, uncompressed (libtiff missing)")
    structured_image(400, 300, 18, "LARGE SCENE").save(os.path.join(fx, "scene_400x300.png"))
    add("scene_400x300.png", "image", "400x300 PNG used for forced downscale (antialias) goldens")

    # Video: 29 frames at 7.5 fps (3.87 s), 160x120; sampling yields 6 frames at 1.5517 fps.
    write_video(os.path.join(fx, "clip_160x120_7.5fps.mp4"), 160, 120, 7.5, 29, seed=19)
    cap_info = probe_video(os.path.join(fx, "clip_160x120_7.5fps.mp4"))
    add("clip_160x120_7.5fps.mp4", "video", "mp4v (MPEG-4 part 2) 160x120, 7.5 fps, 29 frames", decode=cap_info)

    # Bad files.
    jb = open(os.path.join(fx, "baseline_100x100.jpg"), "rb").read()
    open(os.path.join(fx, "bad_truncated.jpg"), "wb").write(jb[: len(jb) // 2])
    add("bad_truncated.jpg", "bad", "first half of baseline_100x100.jpg (no EOI)")
    open(os.path.join(fx, "bad_empty.jpg"), "wb").close()
    add("bad_empty.jpg", "bad", "zero bytes")
    open(os.path.join(fx, "bad_html.jpg"), "wb").write(
        b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not Found</body></html>\n")
    add("bad_html.jpg", "bad", "an HTML error page saved with a .jpg name")
    ihdr = struct.pack(">IIBBBBB", 50000, 50000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" + b"\x00" * 30)
    with open(os.path.join(fx, "bad_huge_50000x50000.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b""))
    add("bad_huge_50000x50000.png", "bad", "valid PNG header claiming 50000x50000 RGB, tiny IDAT: reject from header (decompression bomb)")
    vb = open(os.path.join(fx, "clip_160x120_7.5fps.mp4"), "rb").read()
    open(os.path.join(fx, "bad_truncated.mp4"), "wb").write(vb[: len(vb) // 3])
    add("bad_truncated.mp4", "bad", "first third of the clip: moov/mdat cut")

    # What Python does with each bad file (for reference; Java must fail with a typed error).
    for e in man:
        if e["kind"] != "bad":
            continue
        p = os.path.join(fx, e["file"])
        if p.endswith(".mp4"):
            e["python_result"] = probe_video(p)
            continue
        try:
            Image.MAX_IMAGE_PIXELS = 89478485  # Pillow default bomb limit
            with Image.open(p) as im:
                e["python_header"] = {"format": im.format, "size": list(im.size), "mode": im.mode}
                im.load()
            e["python_result"] = "decoded"
        except Exception as ex:  # noqa: BLE001
            e["python_result"] = f"{type(ex).__name__}: {ex}"
    return man


def video_frame(w, h, i, n, seed):
    """One structured frame: moving disc and square over a gradient, frame number printed."""
    from PIL import Image, ImageDraw
    img = structured_image(w, h, seed, f"#{i:02d}")
    d = ImageDraw.Draw(img)
    t = i / max(n - 1, 1)
    cx, cy = 10 + t * (w - 30), h * 0.3 + 0.2 * h * math.sin(t * 6.28)
    d.ellipse([cx, cy, cx + 20, cy + 20], fill=(255, 220, 0))
    d.rectangle([w - 10 - t * (w - 30), h * 0.7, w - t * (w - 30) + 5, h * 0.7 + 15], fill=(0, 200, 80))
    return np.array(img)


def write_video(path, w, h, fps, n, seed):
    import cv2
    vw = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    assert vw.isOpened(), "cv2.VideoWriter(mp4v) did not open"
    for i in range(n):
        vw.write(cv2.cvtColor(video_frame(w, h, i, n, seed), cv2.COLOR_RGB2BGR))
    vw.release()


def decode_video(path):
    """All frames as RGB uint8 [T,H,W,3] via cv2 (FFmpeg backend), and the container fps."""
    import cv2
    cap = cv2.VideoCapture(path, cv2.CAP_FFMPEG)
    if not cap.isOpened():
        raise ValueError(f"cv2 cannot open {path}")
    fps = cap.get(cv2.CAP_PROP_FPS)
    count = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
    frames = []
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        frames.append(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
    cap.release()
    return (np.stack(frames) if frames else np.zeros((0, 0, 0, 3), np.uint8)), fps, count


def probe_video(path):
    try:
        frames, fps, count = decode_video(path)
        return {"decoded_frames": int(frames.shape[0]), "fps": fps, "frame_count_prop": count,
                "size_hw": list(frames.shape[1:3])}
    except Exception as ex:  # noqa: BLE001
        return f"{type(ex).__name__}: {ex}"


# ----------------------------------------------------------------------------- samples


def make_samples(sd):
    """The README's sample corpus: scene photo-like image, receipt, document page, short video."""
    from PIL import Image, ImageDraw
    os.makedirs(sd, exist_ok=True)
    # 1. Scene: sky, grass, sun, house, and a cat-like figure.
    w, h = 320, 240
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    sky = np.stack([110 + 60 * yy / h, 170 + 40 * yy / h, 235 - 20 * yy / h], -1)
    img = Image.fromarray(np.clip(sky, 0, 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 160, w, h], fill=(70, 150, 60))
    d.ellipse([250, 20, 295, 65], fill=(255, 220, 60))
    d.rectangle([30, 100, 120, 170], fill=(180, 90, 60))
    d.polygon([(20, 100), (75, 60), (130, 100)], fill=(120, 40, 30))
    d.rectangle([65, 130, 85, 170], fill=(90, 50, 20))
    cat = (90, 90, 95)
    d.ellipse([170, 150, 250, 200], fill=cat)  # body
    d.ellipse([225, 120, 270, 165], fill=cat)  # head
    d.polygon([(228, 130), (233, 105), (245, 125)], fill=cat)  # ears
    d.polygon([(250, 125), (262, 105), (267, 132)], fill=cat)
    d.ellipse([237, 135, 243, 141], fill=(240, 230, 60))  # eyes
    d.ellipse([252, 135, 258, 141], fill=(240, 230, 60))
    d.line([(172, 175), (145, 150), (140, 125)], fill=cat, width=6)  # tail
    for x in (180, 200, 220, 238):
        d.rectangle([x, 192, x + 8, 212], fill=cat)  # legs
    img.save(os.path.join(sd, "cat_scene.jpg"), quality=88)

    # 2. Receipt.
    font, big = load_font(15), load_font(20)
    img = Image.new("RGB", (260, 420), (250, 250, 245))
    d = ImageDraw.Draw(img)
    lines = [("CORNER CAFE", big), ("12 Market Street, Springfield", font), ("Date: 2024-11-03  14:27", font),
             ("-" * 34, font)]
    items = [("Cappuccino", "3.80"), ("Blueberry muffin", "2.90"), ("Sparkling water", "1.70"),
             ("Croissant", "2.40"), ("Tip", "1.20")]
    y = 15
    for text, f in lines:
        d.text((15, y), text, fill=(20, 20, 20), font=f)
        y += 28 if f is big else 22
    for name, price in items:
        d.text((15, y), name, fill=(20, 20, 20), font=font)
        d.text((200, y), price, fill=(20, 20, 20), font=font)
        y += 22
    d.text((15, y), "-" * 34, fill=(20, 20, 20), font=font)
    y += 22
    d.text((15, y), "TOTAL", fill=(0, 0, 0), font=big)
    d.text((190, y), "12.00", fill=(0, 0, 0), font=big)
    y += 34
    d.text((15, y), "Paid by card ****4242", fill=(60, 60, 60), font=font)
    d.text((15, y + 22), "Thank you!", fill=(60, 60, 60), font=font)
    img.save(os.path.join(sd, "receipt.png"), optimize=True)

    # 3. Document page.
    img = Image.new("RGB", (420, 540), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.text((30, 25), "Quarterly Report: Solar Output", fill=(10, 10, 60), font=load_font(22))
    paras = [
        "Solar generation rose 14 percent in the third quarter,",
        "driven by the new rooftop array on the north campus.",
        "",
        "Maintenance costs stayed flat. Two inverters were",
        "replaced in August and panel cleaning moved to a",
        "monthly schedule.",
        "",
        "Next steps: add battery storage and publish hourly",
        "output data for the research group.",
    ]
    y = 75
    d.text((30, y), "1. Summary", fill=(0, 0, 0), font=load_font(17))
    y += 30
    for line in paras:
        d.text((30, y), line, fill=(30, 30, 30), font=load_font(14))
        y += 20
    d.rectangle([30, y + 15, 390, y + 150], outline=(0, 0, 0))
    for k, v in enumerate([40, 65, 90, 120]):
        d.rectangle([60 + k * 80, y + 145 - v, 100 + k * 80, y + 145], fill=(240, 160, 30))
    d.text((30, y + 160), "Figure 1. Output per quarter (MWh).", fill=(30, 30, 30), font=load_font(13))
    img.save(os.path.join(sd, "document.png"), optimize=True)

    # 4. Video: 2 s at 10 fps, 160x120.
    write_video(os.path.join(sd, "bouncing_ball.mp4"), 160, 120, 10.0, 20, seed=23)
    return {f: os.path.getsize(os.path.join(sd, f)) for f in sorted(os.listdir(sd))}


# ----------------------------------------------------------------------------- preprocessing


def hf_smart_resize(h, w, factor=FACTOR, min_pixels=DEFAULT_MIN_PIXELS, max_pixels=DEFAULT_MAX_PIXELS):
    """qwen-vl-utils smart_resize (facts §2.1), used for video and as the image reference."""
    if max(h, w) / min(h, w) > 200:
        raise ValueError(f"absolute aspect ratio must be smaller than 200, got {max(h, w) / min(h, w)}")
    hb = max(factor, round(h / factor) * factor)
    wb = max(factor, round(w / factor) * factor)
    if hb * wb > max_pixels:
        beta = math.sqrt((h * w) / max_pixels)
        hb = math.floor(h / beta / factor) * factor
        wb = math.floor(w / beta / factor) * factor
    elif hb * wb < min_pixels:
        beta = math.sqrt(min_pixels / (h * w))
        hb = math.ceil(h * beta / factor) * factor
        wb = math.ceil(w * beta / factor) * factor
    return hb, wb


def patchify(frames_hwc_f32, tp=2, p=14, m=2):
    """[T,H,W,C] normalized float32 -> [grid_t*grid_h*grid_w, C*tp*p*p] (facts §2.3)."""
    x = np.transpose(frames_hwc_f32, (0, 3, 1, 2))
    if x.shape[0] % tp:
        x = np.concatenate([x] + [x[-1:]] * (tp - x.shape[0] % tp))
    T, C, H, W = x.shape
    gt, gh, gw = T // tp, H // p, W // p
    x = x.reshape(gt, tp, C, gh // m, m, p, gw // m, m, p).transpose(0, 3, 6, 4, 7, 2, 1, 5, 8)
    return np.ascontiguousarray(x.reshape(gt * gh * gw, C * tp * p * p)), [gt, gh, gw]


def normalize_slow(u8):
    """Path A: rescale in float64 then float32, normalize in float32."""
    x = (u8.astype(np.float64) * (1 / 255)).astype(np.float32)
    return (x - np.array(MEAN, np.float32)) / np.array(STD, np.float32)


def normalize_fast(u8):
    """Path B (torchvision processors): fused (x - 255*mean) / (255*std) in float32."""
    x = u8.astype(np.float32)
    return (x - np.array(MEAN, np.float32) * 255) / (np.array(STD, np.float32) * 255)


def composite_white(img):
    """qwen-vl-utils style: paste an image with alpha onto white using alpha as mask."""
    from PIL import Image
    if img.mode not in ("RGBA", "LA", "PA") and not (img.mode == "P" and "transparency" in img.info):
        return img.convert("RGB"), "no alpha: convert('RGB')"
    rgba = img.convert("RGBA")
    bg = Image.new("RGB", rgba.size, (255, 255, 255))
    bg.paste(rgba, mask=rgba.split()[3])
    return bg, "alpha composited onto white: Image.paste(rgba, mask=alpha)"


def make_slow_image_processor(min_pixels, max_pixels):
    """transformers' slow (PIL) Qwen2-VL image processor with the given bounds."""
    import transformers
    cls = None
    for name in ("Qwen2VLImageProcessor", "Qwen2VLImageProcessorPil"):
        c = getattr(transformers, name, None)
        if c is not None and not c.__name__.endswith("Fast"):
            cls = c
            break
    if cls is None:
        raise RuntimeError("no slow Qwen2VLImageProcessor in this transformers")
    kw = dict(do_resize=True, resample=3, do_rescale=True, rescale_factor=1 / 255, do_normalize=True,
              image_mean=MEAN, image_std=STD, do_convert_rgb=True, patch_size=14, temporal_patch_size=2, merge_size=2)
    size = {"shortest_edge": min_pixels, "longest_edge": max_pixels}
    for extra in (dict(size=size, min_pixels=min_pixels, max_pixels=max_pixels), dict(size=size),
                  dict(min_pixels=min_pixels, max_pixels=max_pixels)):
        try:
            return cls(**kw, **extra)
        except (TypeError, ValueError):
            continue
    raise RuntimeError("cannot construct slow image processor")


def open_image(path):
    """Decode like the product should: first frame, EXIF orientation applied."""
    from PIL import Image, ImageOps
    im = Image.open(path)
    im.seek(0)
    im.load()
    raw_mode, raw_size = im.mode, im.size
    im = ImageOps.exif_transpose(im)
    return im, raw_mode, raw_size


IMAGE_CASES = [
    # (case id, fixture, alpha mode, min_pixels, max_pixels, store full pixel_values)
    ("odd_97x61", "odd_97x61.png", "white", None, None, True),
    ("square_70x70", "square_70x70.png", "white", None, None, True),
    ("wide_2900x29", "wide_2900x29.png", "white", None, None, False),
    ("tall_20x4100_rejected", "tall_20x4100.png", "white", None, None, False),
    ("rgba_80x60_white", "rgba_80x60.png", "white", None, None, True),
    ("rgba_80x60_dropped", "rgba_80x60.png", "drop", None, None, True),
    ("la_64x48_white", "la_64x48.png", "white", None, None, True),
    ("gray_90x90", "gray_90x90.png", "white", None, None, True),
    ("palette_100x75", "palette_100x75.png", "white", None, None, True),
    ("gray16_72x56", "gray16_72x56.png", "white", None, None, True),
    ("cmyk_96x64", "cmyk_96x64.jpg", "white", None, None, True),
    ("progressive_120x90", "progressive_120x90.jpg", "white", None, None, True),
    ("baseline_100x100", "baseline_100x100.jpg", "white", None, None, True),
    ("exif_orient6_80x48", "exif_orient6_80x48.jpg", "white", None, None, True),
    ("lossless_64x64_webp", "lossless_64x64.webp", "white", None, None, True),
    ("anim_60x60_gif", "anim_60x60.gif", "white", None, None, True),
    ("bmp_50x70", "bmp_50x70.bmp", "white", None, None, True),
    ("lzw_88x66_tif", "lzw_88x66.tif", "white", None, None, True),
    ("scene_400x300_down", "scene_400x300.png", "white", 3136, 20000, True),
    ("odd_97x61_up", "odd_97x61.png", "white", 9000, DEFAULT_MAX_PIXELS, True),
]


def image_goldens(fx, gd):
    """Per-fixture preprocessing goldens through transformers' slow image processor."""
    from PIL import Image
    out_dir = os.path.join(gd, "preprocess")
    index = []
    for cid, fname, alpha, mn, mx, full in IMAGE_CASES:
        mn = mn or DEFAULT_MIN_PIXELS
        mx = mx or DEFAULT_MAX_PIXELS
        rec = {"case": cid, "fixture": fname, "alpha_mode": alpha, "min_pixels": mn, "max_pixels": mx}
        index.append(rec)
        try:
            im, raw_mode, raw_size = open_image(os.path.join(fx, fname))
            rec.update(decoded_mode=raw_mode, stored_size_wh=list(raw_size), original_size_wh=list(im.size))
            if alpha == "white":
                rgb, how = composite_white(im)
            else:
                rgb, how = im.convert("RGB"), "alpha dropped: convert('RGB')"
            rec["rgb_conversion"] = how
            W, H = rgb.size
            try:
                rh, rw = hf_smart_resize(H, W, FACTOR, mn, mx)
                rec["reference_resized_hw"] = [rh, rw]
            except ValueError as ex:
                rec["reference_error"] = str(ex)
            try:
                ip = make_slow_image_processor(mn, mx)
                rec["processor_class"] = type(ip).__name__
            except Exception as ex:  # noqa: BLE001 - no slow processor: our path-A reference is the golden
                ip = None
                rec["processor_class"] = f"reference (PIL path A; slow processor unavailable: {ex})"
            if ip is None:
                if "reference_error" in rec:
                    rec["expected_error"] = "ValueError: " + rec["reference_error"]
                    continue
                res = None
                grid = [1, rh // 14, rw // 14]
            else:
                try:
                    direct = ip(images=[rgb], return_tensors="pt")  # the processor resizes by itself
                except Exception as ex:  # noqa: BLE001
                    rec["expected_error"] = f"{type(ex).__name__}: {ex}"
                    continue
                grid = [int(v) for v in np.asarray(direct["image_grid_thw"])[0]]
                dpv = np.asarray(direct["pixel_values"], np.float32)
                # qwen-vl-utils pipeline: PIL bicubic resize first; the processor's resize is a no-op.
                pre = rgb.resize((grid[2] * 14, grid[1] * 14), Image.Resampling.BICUBIC, reducing_gap=None)
                res = ip(images=[pre], return_tensors="pt")
            rec.update(image_grid_thw=grid, resized_hw=[grid[1] * 14, grid[2] * 14],
                       merged_tokens=grid[0] * grid[1] * grid[2] // 4)
            # Our reference of path A: PIL bicubic resize then rescale/normalize/patchify.
            src = np.asarray(rgb)
            resized = rgb.resize((grid[2] * 14, grid[1] * 14), Image.Resampling.BICUBIC, reducing_gap=None)
            ref, _ = patchify(normalize_slow(np.asarray(resized)[None]))
            pv = ref if res is None else np.asarray(res["pixel_values"], np.float32)
            rec.update(pixel_values_shape=list(pv.shape))
            rec["max_abs_diff_vs_pil_reference"] = float(np.abs(ref - pv).max()) if ref.shape == pv.shape else "shape mismatch"
            if res is not None:
                rec["max_abs_diff_processor_direct_vs_pil_reference"] = float(np.abs(ref - dpv).max())
                if cid == "odd_97x61":
                    rec["pixel_values_processor_direct_file"] = f"preprocess/{cid}.pixel_values_processor_direct.npy.gz"
                    write_npy_gz(os.path.join(gd, rec["pixel_values_processor_direct_file"]), dpv)
            rec["pixel_values_sum"] = float(pv.astype(np.float64).sum())
            rec["input_rgb_file"] = f"preprocess/{cid}.input_rgb.npy.gz"
            write_npy_gz(os.path.join(gd, rec["input_rgb_file"]), src)
            rec["resized_rgb_file"] = f"preprocess/{cid}.resized_rgb.npy.gz"
            write_npy_gz(os.path.join(gd, rec["resized_rgb_file"]), np.asarray(resized))
            if full:
                rec["pixel_values_file"] = f"preprocess/{cid}.pixel_values.npy.gz"
                write_npy_gz(os.path.join(gd, rec["pixel_values_file"]), pv)
            else:
                rec["pixel_values_head_file"] = f"preprocess/{cid}.pixel_values_head32.npy.gz"
                write_npy_gz(os.path.join(gd, rec["pixel_values_head_file"]), pv[:32])
        except Exception:  # noqa: BLE001
            rec["generator_error"] = traceback.format_exc()
            print(rec["generator_error"], flush=True)
    # What does the HF processor itself do with RGBA input (composite or drop)?
    try:
        im, _, _ = open_image(os.path.join(fx, "rgba_80x60.png"))
        ip = make_slow_image_processor(DEFAULT_MIN_PIXELS, DEFAULT_MAX_PIXELS)
        direct = np.asarray(ip(images=[im], return_tensors="pt")["pixel_values"], np.float32)
        from PIL import Image as _I
        variants = {
            "paste_on_white": composite_white(im)[0],
            "convert_rgb_drop": im.convert("RGB"),
            "alpha_composite_on_white": _I.alpha_composite(_I.new("RGBA", im.size, (255, 255, 255, 255)), im.convert("RGBA")).convert("RGB"),
        }
        FINDINGS["hf_processor_on_rgba_input"] = {
            k: float(np.abs(np.asarray(ip(images=[v], return_tensors="pt")["pixel_values"], np.float32) - direct).max())
            for k, v in variants.items()}
    except Exception:  # noqa: BLE001
        FINDINGS["hf_processor_on_rgba_input"] = traceback.format_exc()
    # 16-bit conversion semantics.
    try:
        im, _, _ = open_image(os.path.join(fx, "gray16_72x56.png"))
        v = np.asarray(im).astype(np.int64)
        rgb = np.asarray(im.convert("RGB"))[..., 0].astype(np.int64)
        FINDINGS["pil_16bit_to_rgb"] = {
            "mode": im.mode, "equals_clip_0_255": bool((rgb == np.clip(v, 0, 255)).all()),
            "equals_shift_8": bool((rgb == (v >> 8)).all()),
            "sample_in_out": [[int(a), int(b)] for a, b in zip(v[0, ::10], rgb[0, ::10])]}
    except Exception:  # noqa: BLE001
        FINDINGS["pil_16bit_to_rgb"] = traceback.format_exc()
    write_json(os.path.join(out_dir, "index.json"), index, pretty=True)
    return index


# ----------------------------------------------------------------------------- video


VIDEO_MIN_PIXELS, VIDEO_MAX_PIXELS = 128 * 28 * 28, 768 * 28 * 28
VIDEO_TOTAL_PIXELS = int(128000 * 28 * 28 * 0.9)


def smart_nframes(ele, total, video_fps):
    """qwen-vl-utils 0.0.10 smart_nframes (facts §3.1)."""
    if "nframes" in ele:
        return round(ele["nframes"] / 2) * 2
    fps = ele.get("fps", 2.0)
    min_frames = math.ceil(ele.get("min_frames", 4) / 2) * 2
    max_frames = math.floor(ele.get("max_frames", min(768, total)) / 2) * 2
    n = total / video_fps * fps
    n = min(min(max(n, min_frames), max_frames), total)
    n = math.floor(n / 2) * 2
    if not (2 <= n <= total):
        raise ValueError(f"nframes should in interval [2, {total}], but got {n}")
    return n


def fetch_video(path, ele):
    """qwen-vl-utils fetch_video re-implemented: cv2 decode, sample, budget, torchvision resize."""
    import torch
    from torchvision.transforms import InterpolationMode
    from torchvision.transforms import functional as TF
    frames, video_fps, count_prop = decode_video(path)
    total = int(frames.shape[0])
    n = smart_nframes(ele, total, video_fps)
    idx = torch.linspace(0, total - 1, n).round().long()
    sample_fps = n / total * video_fps
    sampled = frames[idx.numpy()]  # [n,H,W,3] uint8
    H, W = sampled.shape[1:3]
    min_p = ele.get("min_pixels", VIDEO_MIN_PIXELS)
    total_p = ele.get("total_pixels", VIDEO_TOTAL_PIXELS)
    max_p = max(min(VIDEO_MAX_PIXELS, total_p / n * 2), int(min_p * 1.05))
    max_p = min(ele.get("max_pixels", max_p), max_p)
    rh, rw = hf_smart_resize(H, W, FACTOR, min_p, max_p)
    t = torch.from_numpy(sampled).permute(0, 3, 1, 2).contiguous()  # TCHW uint8
    resized = TF.resize(t, [rh, rw], interpolation=InterpolationMode.BICUBIC, antialias=True)
    meta = {"video_fps": video_fps, "frame_count_prop": count_prop, "total_frames": total,
            "nframes": n, "indices": idx.tolist(), "sample_fps": sample_fps,
            "min_pixels": min_p, "max_pixels_effective": max_p, "decoded_hw": [int(H), int(W)],
            "resized_hw": [rh, rw]}
    return sampled, resized, meta


VIDEO_ELE = {"min_pixels": 3136, "max_pixels": 19200}  # caps the golden's size (full budget: meta only)


def make_video_processor():
    """transformers' Qwen2-VL video processor (frames arrive pre-sampled and pre-resized)."""
    from transformers import Qwen2VLVideoProcessor
    return Qwen2VLVideoProcessor(patch_size=14, temporal_patch_size=2, merge_size=2, image_mean=MEAN, image_std=STD)


def video_goldens(fx, gd):
    vdir = os.path.join(gd, "video")
    path = os.path.join(fx, "clip_160x120_7.5fps.mp4")
    sampled, resized, meta = fetch_video(path, VIDEO_ELE)
    meta["element"] = VIDEO_ELE
    _, _, full_meta = fetch_video(path, {})
    meta["default_budget_meta"] = full_meta  # sizes under qwen-vl-utils defaults (no tensors stored)
    write_npy_gz(os.path.join(vdir, "sampled_decoded_rgb.npy.gz"), sampled)
    write_npy_gz(os.path.join(vdir, "sampled_resized_rgb.npy.gz"), resized.permute(0, 2, 3, 1).numpy())
    vp = make_video_processor()
    meta["video_processor_class"] = type(vp).__name__
    res = call_video_processor(vp, resized, meta["sample_fps"])
    pv = np.asarray(to_np(res["pixel_values_videos"]), np.float32)
    grid = [int(v) for v in to_np(res["video_grid_thw"])[0]]
    u8 = resized.permute(0, 2, 3, 1).numpy()
    ref_slow, ref_grid = patchify(normalize_slow(u8))
    ref_fast, _ = patchify(normalize_fast(u8))
    meta.update(video_grid_thw=grid, reference_grid=ref_grid, pixel_values_videos_shape=list(pv.shape),
                merged_tokens=grid[0] * grid[1] * grid[2] // 4,
                max_abs_diff_vs_slow_normalize=float(np.abs(ref_slow - pv).max()) if ref_slow.shape == pv.shape else "shape",
                max_abs_diff_vs_fast_normalize=float(np.abs(ref_fast - pv).max()) if ref_fast.shape == pv.shape else "shape",
                second_per_grid_ts_expected=2 / meta["sample_fps"])
    write_npy_gz(os.path.join(vdir, "pixel_values_videos.npy.gz"), pv)
    write_json(os.path.join(vdir, "video_meta.json"), meta, pretty=True)
    return resized, meta


def to_np(x):
    if hasattr(x, "detach"):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def call_video_processor(vp, frames_tchw_u8, fps):
    attempts = [
        dict(do_resize=False, do_sample_frames=False, return_tensors="pt"),
        dict(do_resize=False, return_tensors="pt"),
        dict(return_tensors="pt"),
    ]
    last = None
    for kw in attempts:
        try:
            return vp(videos=[frames_tchw_u8], **kw)
        except Exception as ex:  # noqa: BLE001
            last = ex
    raise last


# ----------------------------------------------------------------------------- prompts + model


def load_processor(tiny_dir):
    """Qwen2_5_VLProcessor from the tiny dir, slow image processor, chat template set."""
    import transformers
    from transformers import AutoTokenizer
    try:
        tok = AutoTokenizer.from_pretrained(tiny_dir)
    except Exception:  # noqa: BLE001 - fall back to the raw tokenizers file
        tok = transformers.PreTrainedTokenizerFast(tokenizer_file=os.path.join(tiny_dir, "tokenizer.json"),
                                                   eos_token="<|im_end|>", pad_token="<|endoftext|>")
    try:
        ip = make_slow_image_processor(DEFAULT_MIN_PIXELS, DEFAULT_MAX_PIXELS)
    except Exception as ex:  # noqa: BLE001 - fast processor: grids/ids identical, pixels differ slightly
        FINDINGS["slow_image_processor_unavailable"] = str(ex)
        ip = transformers.AutoImageProcessor.from_pretrained(tiny_dir)
    vp = make_video_processor()
    proc = transformers.Qwen2_5_VLProcessor(image_processor=ip, tokenizer=tok, video_processor=vp,
                                            chat_template=CHAT_TEMPLATE)
    return proc, tok


def rgb_fixture(fx, name):
    """qwen-vl-utils fetch_image: decode, alpha onto white, PIL bicubic resize to the smart size."""
    from PIL import Image
    im, _, _ = open_image(os.path.join(fx, name))
    rgb = composite_white(im)[0]
    h, w = hf_smart_resize(rgb.size[1], rgb.size[0])
    return rgb.resize((w, h), Image.Resampling.BICUBIC, reducing_gap=None)


def processor_inputs(proc, text, images=None, videos=None, sample_fps=None, padding=False):
    """Runs the HF processor; returns (inputs dict of tensors, notes)."""
    kw = dict(text=text, return_tensors="pt", padding=padding)
    if images:
        kw["images"] = images
    if videos is not None:
        # Frames are already sampled and resized (qwen-vl-utils style): no resampling, no resize.
        kw.update(videos=videos, do_resize=False, do_sample_frames=False, fps=sample_fps)
    notes = {}
    attempts = [dict(return_mm_token_type_ids=True), {}]
    if videos is not None:
        attempts.append({"drop": ["do_sample_frames"]})
        attempts.append({"drop": ["do_sample_frames", "fps"]})
    inputs, last = None, None
    for extra in attempts:
        k2 = {k: v for k, v in kw.items() if k not in extra.get("drop", [])}
        k2.update({k: v for k, v in extra.items() if k != "drop"})
        try:
            inputs = proc(**k2)
            notes["processor_call_kwargs"] = sorted(k for k in k2 if k not in ("text", "images", "videos"))
            break
        except Exception as ex:  # noqa: BLE001
            last = ex
            notes.setdefault("processor_call_failures", []).append(f"{sorted(extra)}: {type(ex).__name__}: {ex}")
    if inputs is None:
        raise last
    inputs = dict(inputs)
    if videos is not None:
        exp = 2.0 / sample_fps
        got = inputs.get("second_per_grid_ts")
        notes["second_per_grid_ts_from_processor"] = to_list(got)
        if got is None or abs(float(to_np(got).reshape(-1)[0]) - exp) > 1e-6:
            import torch
            inputs["second_per_grid_ts"] = torch.tensor([exp], dtype=torch.float32)
            notes["second_per_grid_ts_overridden_to"] = exp
    return inputs, notes


def messages_for(case):
    img = {"type": "image"}
    vid = {"type": "video"}
    t = lambda s: {"type": "text", "text": s}  # noqa: E731
    return {
        "single_image": [{"role": "user", "content": [img, t("Describe this image.")]}],
        "two_images": [{"role": "user", "content": [img, img, t("What differs between these two images?")]}],
        "video": [{"role": "user", "content": [vid, t("Describe this video.")]}],
        "multi_turn": [
            {"role": "user", "content": [t("Hello!")]},
            {"role": "assistant", "content": [t("Hi! How can I help?")]},
            {"role": "user", "content": [img, t("What is in this picture?")]}],
        "custom_system": [
            {"role": "system", "content": [t("You are a careful OCR engine.")]},
            {"role": "user", "content": [img, t("Read all the text in the image.")]}],
        "text_only": [{"role": "user", "content": [t("Who are you?")]}],
        "long_text": [{"role": "user", "content": [t("Please write a short, friendly poem about the sea, "
                                                     "the wind and the gulls that fly above the harbour at dawn.")]}],
    }[case]


def prompt_goldens(proc, tok, fx, gd, video_frames, video_meta):
    out = {"you_are_a_helpful_assistant_ids": tok.encode("You are a helpful assistant.", add_special_tokens=False),
           "cases": {}}
    media = {
        "single_image": dict(images=[rgb_fixture(fx, "odd_97x61.png")], fixtures=["odd_97x61.png"]),
        "two_images": dict(images=[rgb_fixture(fx, "square_70x70.png"), rgb_fixture(fx, "rgba_80x60.png")],
                           fixtures=["square_70x70.png", "rgba_80x60.png (composited on white)"]),
        "video": dict(videos=[video_frames], fixtures=["clip_160x120_7.5fps.mp4 (video golden frames)"]),
        "multi_turn": dict(images=[rgb_fixture(fx, "baseline_100x100.jpg")], fixtures=["baseline_100x100.jpg"]),
        "custom_system": dict(images=[rgb_fixture(fx, "odd_97x61.png")], fixtures=["odd_97x61.png"]),
        "text_only": dict(fixtures=[]),
    }
    for case, m in media.items():
        msgs = messages_for(case)
        text = proc.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)
        inputs, notes = processor_inputs(proc, [text], images=m.get("images"), videos=m.get("videos"),
                                         sample_fps=video_meta["sample_fps"] if "videos" in m else None)
        ids = to_list(inputs["input_ids"])[0]
        out["cases"][case] = {
            "messages": msgs, "fixtures": m["fixtures"], "chat_template_string": text,
            "template_ids_unexpanded": tok.encode(text, add_special_tokens=False),
            "input_ids": ids, "image_grid_thw": to_list(inputs.get("image_grid_thw")),
            "video_grid_thw": to_list(inputs.get("video_grid_thw")),
            "second_per_grid_ts": to_list(inputs.get("second_per_grid_ts")),
            "mm_token_type_ids": to_list(inputs.get("mm_token_type_ids", [[None]]))[0] if "mm_token_type_ids" in inputs else None,
            "notes": notes}
    write_json(os.path.join(gd, "prompts", "prompts.json"), out, pretty=True)


# --- MRoPE reference (facts §5.4), both temporal variants, to classify HF's behaviour.

def rope_reference(ids, mask, image_grids, video_grids, spg, variant, tps=2):
    """Returns (positions [3,B,L] int64, deltas [B]); variant 'float' or 'int_cast'."""
    B, L = ids.shape
    pos = np.ones((3, B, L), np.int64)
    deltas = []
    ii = vi = 0
    for b in range(B):
        keep = np.nonzero(mask[b])[0]
        toks = ids[b, keep]
        p = np.zeros((3, len(toks)), np.int64)
        st, nxt = 0, 0
        while True:
            rest = [k for k in range(st, len(toks)) if toks[k] in (151655, 151656)]
            if not rest:
                break
            ed = rest[0]
            is_img = toks[ed] == 151655
            t, h, w = (image_grids[ii] if is_img else video_grids[vi])
            s = 0.0 if is_img else (spg[vi] if spg is not None else 1.0)
            p[:, st:ed] = nxt + np.arange(ed - st)
            base = nxt + (ed - st)
            lt, lh, lw = t, h // 2, w // 2
            it, i, j = np.meshgrid(np.arange(lt), np.arange(lh), np.arange(lw), indexing="ij")
            if variant == "float":
                tt = np.trunc(it * s * tps).astype(np.int64)
            else:
                tt = it * int(s) * tps
            p[0, ed:ed + lt * lh * lw] = base + tt.reshape(-1)
            p[1, ed:ed + lt * lh * lw] = base + i.reshape(-1)
            p[2, ed:ed + lt * lh * lw] = base + j.reshape(-1)
            st = ed + lt * lh * lw
            nxt = int(p[:, :st].max()) + 1
            if is_img:
                ii += 1
            else:
                vi += 1
        p[:, st:] = nxt + np.arange(len(toks) - st)
        pos[:, b, keep] = p
        deltas.append(int(p.max()) + 1 - L if len(toks) else 0)
    return pos, np.array(deltas)


def hf_rope_index(model, inputs):
    """Calls model.model.get_rope_index with whatever arguments this version accepts."""
    import inspect
    fn = getattr(model.model, "get_rope_index", None) or getattr(model, "get_rope_index")
    params = inspect.signature(fn).parameters
    kw = {k: inputs.get(k) for k in ("input_ids", "image_grid_thw", "video_grid_thw", "second_per_grid_ts",
                                       "attention_mask", "mm_token_type_ids") if k in params}
    res = fn(**kw)
    return res[0], res[1], sorted(params)


def vision_embeddings(model, inputs):
    """Merged vision features [tokens, out_hidden] for images and videos (concatenated)."""
    import torch
    outs = {}
    for kind, pv_key, grid_key, fn_name in (("image", "pixel_values", "image_grid_thw", "get_image_features"),
                                            ("video", "pixel_values_videos", "video_grid_thw", "get_video_features")):
        if inputs.get(pv_key) is None:
            continue
        grid = inputs[grid_key]
        want = int((grid.prod(-1) // 4).sum())
        r = getattr(model.model, fn_name)(inputs[pv_key], grid)
        cands = []
        stack = [r]
        while stack:
            x = stack.pop()
            if torch.is_tensor(x):
                cands.append(x)
            elif isinstance(x, (list, tuple)):
                if x and all(torch.is_tensor(y) for y in x):
                    cands.append(torch.cat(list(x), 0))
                else:
                    stack.extend(x)
            elif hasattr(x, "to_tuple"):
                stack.extend(x.to_tuple())
        emb = [c for c in cands if c.dim() == 2 and c.shape[0] == want and c.shape[1] == model.config.text_config.hidden_size] \
            if hasattr(model.config, "text_config") else [c for c in cands if c.dim() == 2 and c.shape[0] == want]
        if not emb:
            raise RuntimeError(f"{fn_name}: no [{want}, hidden] tensor among {[tuple(c.shape) for c in cands]}")
        outs[kind] = emb[0].detach().float().numpy()
    return outs


def manual_greedy(model, inputs, penalty, steps=12):
    """Greedy decoding with full recompute per step and explicit 3-row positions (spec semantics)."""
    import torch
    ids = inputs["input_ids"].clone()
    mask = inputs["attention_mask"].clone()
    done = torch.zeros(ids.shape[0], dtype=torch.bool)
    new, steps_top = [], []
    for _ in range(steps):
        cur = dict(inputs, input_ids=ids, attention_mask=mask)
        mm = inputs.get("mm_token_type_ids")
        if mm is not None:  # generated tokens are text (0)
            cur["mm_token_type_ids"] = torch.cat([mm, torch.zeros_like(ids[:, mm.shape[1]:])], 1)
        pos, _, _ = hf_rope_index(model, _with_mm(cur))
        with torch.no_grad():
            logits = model(**_forward_args(cur), position_ids=pos).logits[:, -1, :].float()
        if penalty != 1.0:
            sc = torch.gather(logits, 1, ids)
            sc = torch.where(sc < 0, sc * penalty, sc / penalty)
            logits = logits.scatter(1, ids, sc)
        top = logits.topk(5, -1)
        steps_top.append({"ids": top.indices.tolist(), "logits": top.values.tolist()})
        nxt = logits.argmax(-1)
        nxt = torch.where(done, torch.full_like(nxt, PAD_ID), nxt)
        done |= torch.isin(nxt, torch.tensor(EOS))
        new.append(nxt)
        ids = torch.cat([ids, nxt[:, None]], 1)
        mask = torch.cat([mask, torch.ones_like(nxt[:, None])], 1)
        if done.all():
            break
    return torch.stack(new, 1), steps_top


def _own_mm(ids):
    """mm_token_type_ids computed from input_ids: 0 text, 1 image pad, 2 video pad."""
    import torch
    mm = torch.zeros_like(ids)
    mm[ids == 151655] = 1
    mm[ids == 151656] = 2
    return mm


def _with_mm(inputs):
    """inputs with mm_token_type_ids: the processor's if it returned matching ones, else our own."""
    ids = inputs["input_ids"]
    mm = inputs.get("mm_token_type_ids")
    if mm is not None and tuple(mm.shape) == tuple(ids.shape):
        return inputs
    return dict(inputs, mm_token_type_ids=_own_mm(ids))


FORWARD_KEYS = ("input_ids", "attention_mask", "pixel_values", "image_grid_thw", "pixel_values_videos",
                "video_grid_thw", "second_per_grid_ts")


def _forward_args(inputs):
    return {k: inputs[k] for k in FORWARD_KEYS if inputs.get(k) is not None}


def model_goldens(proc, tok, tiny_dir, fx, gd, video_frames, video_meta):
    import torch
    import transformers
    from transformers import Qwen2_5_VLForConditionalGeneration
    torch.manual_seed(0)
    try:
        model = Qwen2_5_VLForConditionalGeneration.from_pretrained(tiny_dir, dtype=torch.float32, attn_implementation="eager")
    except TypeError:
        model = Qwen2_5_VLForConditionalGeneration.from_pretrained(tiny_dir, torch_dtype=torch.float32, attn_implementation="eager")
    model.eval()
    FINDINGS["model_param_dtype"] = str(next(model.parameters()).dtype)
    FINDINGS["attn_implementation"] = getattr(model.config, "_attn_implementation", None)
    mdir = os.path.join(gd, "model")
    # Loaded weights must equal the rule's bf16 values.
    sd = model.state_dict()
    ew = [k for k in sd if k.endswith("embed_tokens.weight")][0]
    FINDINGS["loaded_embed_first4"] = sd[ew].reshape(-1)[:4].tolist()

    cases = {
        "case1_single_image": dict(msgs=[messages_for("single_image")], images=[rgb_fixture(fx, "odd_97x61.png")],
                                   fixtures=["odd_97x61.png"]),
        "case2_two_images": dict(msgs=[messages_for("two_images")],
                                 images=[rgb_fixture(fx, "square_70x70.png"), rgb_fixture(fx, "rgba_80x60.png")],
                                 fixtures=["square_70x70.png", "rgba_80x60.png (white composite)"]),
        "case3_video": dict(msgs=[messages_for("video")], videos=[video_frames], fixtures=["clip_160x120_7.5fps.mp4"]),
        "case4_text_only": dict(msgs=[messages_for("text_only")], fixtures=[]),
        "case5_left_padded_batch": dict(msgs=[messages_for("single_image"), messages_for("long_text")],
                                        images=[rgb_fixture(fx, "odd_97x61.png")],
                                        fixtures=["row0: odd_97x61.png", "row1: text only"]),
    }
    index = {}
    for name, c in cases.items():
        rec = {"fixtures": c["fixtures"], "messages": c["msgs"]}
        index[name] = rec
        try:
            texts = [proc.apply_chat_template(m, tokenize=False, add_generation_prompt=True) for m in c["msgs"]]
            proc.tokenizer.padding_side = "left"
            inputs, notes = processor_inputs(proc, texts, images=c.get("images"), videos=c.get("videos"),
                                             sample_fps=video_meta["sample_fps"], padding=len(texts) > 1)
            rec["processor_notes"] = notes
            rec["processor_returned_keys"] = sorted(inputs.keys())
            ids, mask = inputs["input_ids"], inputs["attention_mask"]
            pos, deltas, params = hf_rope_index(model, _with_mm(inputs))
            FINDINGS["get_rope_index_params"] = params
            spg = to_np(inputs["second_per_grid_ts"]).tolist() if inputs.get("second_per_grid_ts") is not None else None
            ig = to_np(inputs["image_grid_thw"]).tolist() if inputs.get("image_grid_thw") is not None else []
            vg = to_np(inputs["video_grid_thw"]).tolist() if inputs.get("video_grid_thw") is not None else []
            for variant in ("float", "int_cast"):
                rp, rd = rope_reference(ids.numpy(), mask.numpy(), ig, vg, spg, variant)
                rec[f"rope_matches_reference_{variant}"] = bool((rp == pos.numpy()).all() and (rd == to_np(deltas).reshape(-1)).all())
            rec.update(input_ids=to_list(ids), attention_mask=to_list(mask), image_grid_thw=ig or None,
                       video_grid_thw=vg or None, second_per_grid_ts=spg,
                       position_ids=to_list(pos), rope_deltas=to_np(deltas).reshape(-1).tolist())
            for pk in ("pixel_values", "pixel_values_videos"):
                if inputs.get(pk) is not None:
                    f = f"model/{name}.{pk}.npy.gz"
                    write_npy_gz(os.path.join(gd, f), to_np(inputs[pk]).astype(np.float32))
                    rec[pk + "_file"], rec[pk + "_shape"] = f, list(inputs[pk].shape)
            with torch.no_grad():
                emb = vision_embeddings(model, inputs)
                for kind, e in emb.items():
                    f = f"model/{name}.{kind}_embeds.npy.gz"
                    write_npy_gz(os.path.join(gd, f), e.astype(np.float32))
                    rec[f"{kind}_embeds_file"] = f
                    rec[f"{kind}_embeds_shape"] = list(e.shape)
                fa = _forward_args(inputs)
                out_pos = model(**fa, position_ids=pos).logits[:, -1, :].float()
                for label, extra in (("mm_token_type_ids", {"mm_token_type_ids": _with_mm(inputs)["mm_token_type_ids"]}),
                                     ("no_pos_no_mm", {})):
                    try:
                        other = model(**fa, **extra).logits[:, -1, :].float()
                        rec[f"logits_maxdiff_explicit_pos_vs_{label}"] = float((out_pos - other).abs().max())
                    except Exception as ex:  # noqa: BLE001
                        rec[f"logits_maxdiff_explicit_pos_vs_{label}"] = f"{type(ex).__name__}: {ex}"
            if inputs.get("mm_token_type_ids") is not None:
                rec["processor_mm_token_type_ids_equal_ours"] = bool((inputs["mm_token_type_ids"] == _own_mm(ids)).all())
            f = f"model/{name}.last_logits.npy.gz"
            write_npy_gz(os.path.join(gd, f), out_pos.numpy().astype(np.float32))
            rec["last_logits_file"], rec["last_logits_shape"] = f, list(out_pos.shape)
            rec["last_logits_top5"] = [[int(i) for i in r] for r in out_pos.topk(5, -1).indices]
            for pen in (1.0, 1.05, 1.5):
                key = f"greedy_rp{pen}"
                manual, steps_top = manual_greedy(model, inputs, pen)
                rec[key] = to_list(manual)
                rec[key + "_step_top5"] = steps_top
                rec[key + "_text"] = [tok.decode(r, skip_special_tokens=True) for r in to_list(manual)]
                try:
                    gen_in = dict(_forward_args(inputs), mm_token_type_ids=_with_mm(inputs)["mm_token_type_ids"])
                    with torch.no_grad():
                        g = model.generate(**gen_in, max_new_tokens=12, do_sample=False, repetition_penalty=pen,
                                           eos_token_id=EOS, pad_token_id=PAD_ID, temperature=None, top_p=None, top_k=None)
                    gnew = g[:, ids.shape[1]:]
                    rec[key + "_hf_generate"] = to_list(gnew)
                    w = min(gnew.shape[1], manual.shape[1])
                    rec[key + "_hf_generate_matches_manual"] = to_list(gnew[:, :w]) == to_list(manual[:, :w])
                except Exception as ex:  # noqa: BLE001
                    rec[key + "_hf_generate"] = f"{type(ex).__name__}: {ex}"
        except Exception:  # noqa: BLE001
            rec["generator_error"] = traceback.format_exc()
            print(rec["generator_error"], flush=True)
        write_json(os.path.join(mdir, f"{name}.json"), rec)
    write_json(os.path.join(mdir, "index.json"), {
        k: {kk: vv for kk, vv in v.items() if kk in (
            "fixtures", "image_grid_thw", "video_grid_thw", "second_per_grid_ts", "rope_deltas", "last_logits_shape",
            "last_logits_top5", "greedy_rp1.0", "greedy_rp1.05", "greedy_rp1.5", "greedy_rp1.0_hf_generate_matches_manual",
            "greedy_rp1.05_hf_generate_matches_manual", "greedy_rp1.5_hf_generate_matches_manual", "rope_matches_reference_float", "rope_matches_reference_int_cast",
            "logits_maxdiff_explicit_pos_vs_mm_token_type_ids", "logits_maxdiff_explicit_pos_vs_no_pos_no_mm",
            "generator_error")} for k, v in index.items()}, pretty=True)
    FINDINGS["versions"] = {"transformers": transformers.__version__, "torch": torch.__version__}
    rope_probe(model, mdir)


def rope_probe(model, mdir):
    """get_rope_index on synthetic prompts: video temporal ids for several second_per_grid_t values,
    with and without a preceding image and left padding. Classifies the temporal rule."""
    import torch
    text = [151644, 872, 198]
    vid = [151652] + [151656] * (7 * 2 * 2) + [151653]  # video grid [7, 4, 4] -> 28 tokens
    img = [151652] + [151655] * 4 + [151653]  # image grid [1, 4, 4] -> 4 tokens
    tail = [74785, 419, 151645]
    out = {"video_grid_thw": [7, 4, 4], "image_grid_thw": [1, 4, 4], "cases": []}
    for s in (0.552, 1.0, 1.2889, 2.0, 0.5):
        for with_image, pad in ((False, 0), (True, 3)):
            seq = text + (img if with_image else []) + vid + tail
            ids = torch.tensor([[PAD_ID] * pad + seq])
            mask = torch.tensor([[0] * pad + [1] * len(seq)])
            inp = {"input_ids": ids, "attention_mask": mask, "video_grid_thw": torch.tensor([[7, 4, 4]]),
                   "second_per_grid_ts": torch.tensor([s])}
            if with_image:
                inp["image_grid_thw"] = torch.tensor([[1, 4, 4]])
            pos, delta, _ = hf_rope_index(model, _with_mm(inp))
            p = pos.numpy()[:, 0]
            first = pad + len(text) + (len(img) if with_image else 0) + 1
            t_rows = [int(p[0, first + it * 4] - p[0, first]) for it in range(7)]
            variants = {
                "trunc(it*s*tps)": [math.trunc(it * s * 2) for it in range(7)],
                "it*int(s)*tps": [it * int(s) * 2 for it in range(7)],
                "trunc(it*s)*tps": [math.trunc(it * s) * 2 for it in range(7)],
            }
            out["cases"].append({"second_per_grid_t": s, "with_image_first": with_image, "left_pad": pad,
                                 "input_ids": ids.tolist(), "attention_mask": mask.tolist(),
                                 "position_ids": pos.tolist(), "rope_deltas": to_np(delta).reshape(-1).tolist(),
                                 "video_temporal_offsets": t_rows,
                                 "matching_rules": [k for k, v in variants.items() if v == t_rows]})
    write_json(os.path.join(mdir, "rope_probe.json"), out)
    FINDINGS["video_temporal_rule"] = {f"s={c['second_per_grid_t']},image_first={c['with_image_first']}": c["matching_rules"]
                                       for c in out["cases"]}


# ----------------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory (fixtures/, golden/, samples/, tiny/)")
    ap.add_argument("--no-model", action="store_true", help="skip prompt and model goldens")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    fx, gd, sd, tiny = (os.path.join(out, d) for d in ("fixtures", "golden", "samples", "tiny"))
    for d in (fx, gd, sd):  # existing files are overwritten, never deleted
        os.makedirs(d, exist_ok=True)
    os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")  # everything on CPU: exact float32
    versions = {"python": sys.version.split()[0], "numpy": np.__version__}
    for mod in ("PIL", "cv2", "torch", "torchvision", "transformers", "tokenizers"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception as ex:  # noqa: BLE001
            versions[mod] = f"unavailable: {ex}"
    FINDINGS["versions_all"] = versions
    print(versions, flush=True)
    with section("tiny checkpoint"):
        write_tiny_checkpoint(tiny, gd)
    with section("fixtures"):
        write_json(os.path.join(fx, "MANIFEST.json"), make_fixtures(fx), pretty=True)
    with section("samples"):
        FINDINGS["samples_bytes"] = make_samples(sd)
    with section("image goldens"):
        image_goldens(fx, gd)
    video_frames, video_meta = None, None
    with section("video golden"):
        video_frames, video_meta = video_goldens(fx, gd)
    if not args.no_model:
        proc = tok = None
        with section("processor"):
            proc, tok = load_processor(tiny)
            FINDINGS["processor_classes"] = {"image": type(proc.image_processor).__name__,
                                             "video": type(proc.video_processor).__name__,
                                             "tokenizer": type(proc.tokenizer).__name__}
        with section("prompt goldens"):
            prompt_goldens(proc, tok, fx, gd, video_frames, video_meta)
        with section("model goldens"):
            model_goldens(proc, tok, tiny, fx, gd, video_frames, video_meta)
    write_json(os.path.join(gd, "findings.json"), FINDINGS, pretty=True)
    write_json(os.path.join(gd, "errors.json"), ERRORS, pretty=True)
    sizes = {}
    for base in (fx, gd, sd):
        for root, _, files in os.walk(base):
            for f in files:
                sizes[os.path.relpath(os.path.join(root, f), out)] = os.path.getsize(os.path.join(root, f))
    for base in ("fixtures", "golden", "samples"):
        print(base, sum(v for k, v in sizes.items() if k.startswith(base + "/")), "bytes")
    print("errors:", len(ERRORS))
    return 0 if not ERRORS else 1


if __name__ == "__main__":
    sys.exit(main())
