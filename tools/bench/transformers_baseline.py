#!/usr/bin/env python3
"""Reference throughput of Qwen2.5-VL captioning through transformers `generate`.

The same synthetic workload as `bin/qwenvl bench`: random weights with the published 7B or 3B
architecture built directly on the GPU, N synthetic images of W x H (1280x720 -> a 52x92 patch
grid, 1196 visual tokens), the default one-image caption prompt ("Describe this image."), and
exactly N new tokens per image (min_new_tokens = max_new_tokens, greedy). Prints one JSON line with
the same fields as the Java bench.

    python3 tools/bench/transformers_baseline.py --arch 7B --images 64 --batch 64 --new-tokens 128

transformers 5.x computes the 3-D (MRoPE) positions only when `mm_token_type_ids` is passed;
without it, positions silently become 1-D. The script passes it and reports the largest prefill
position (about 70 for one 1280x720 image, not ~1220) so the run shows it was right.
"""
import argparse
import json
import math
import time

import torch

# <|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<|vision_start|>
PREFIX = [151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872, 198,
          151652]
# <|vision_end|>Describe this image.<|im_end|>\n<|im_start|>assistant\n
SUFFIX = [151653, 74785, 419, 2168, 13, 151645, 198, 151644, 77091, 198]
IMAGE_PAD = 151655

TEXT = {
    "7B": dict(vocab_size=152064, hidden_size=3584, intermediate_size=18944, num_hidden_layers=28,
               num_attention_heads=28, num_key_value_heads=4, tie_word_embeddings=False),
    "3B": dict(vocab_size=151936, hidden_size=2048, intermediate_size=11008, num_hidden_layers=36,
               num_attention_heads=16, num_key_value_heads=2, tie_word_embeddings=True),
}


def build_model(arch, attn):
    from transformers import Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration

    t = dict(TEXT[arch])
    tie = t.pop("tie_word_embeddings")
    text = dict(t, rms_norm_eps=1e-6, max_position_embeddings=128000,
                rope_parameters={"rope_type": "default", "rope_theta": 1e6,
                                 "mrope_section": [16, 24, 24]})
    vision = dict(depth=32, hidden_size=1280, intermediate_size=3420, num_heads=16,
                  out_hidden_size=t["hidden_size"], window_size=112, patch_size=14,
                  temporal_patch_size=2, spatial_merge_size=2, tokens_per_second=2,
                  fullatt_block_indexes=[7, 15, 23, 31], in_channels=3)
    cfg = Qwen2_5_VLConfig(text_config=text, vision_config=vision, tie_word_embeddings=tie)
    with torch.device("cuda"):
        model = Qwen2_5_VLForConditionalGeneration._from_config(
            cfg, dtype=torch.bfloat16, attn_implementation=attn)
    return model.eval()


def smart_resize(h, w, factor=28, min_pixels=56 * 56, max_pixels=14 * 14 * 4 * 1280):
    hb, wb = round(h / factor) * factor, round(w / factor) * factor
    if hb * wb > max_pixels:
        beta = math.sqrt(h * w / max_pixels)
        hb, wb = math.floor(h / beta / factor) * factor, math.floor(w / beta / factor) * factor
    elif hb * wb < min_pixels:
        beta = math.sqrt(min_pixels / (h * w))
        hb, wb = math.ceil(h * beta / factor) * factor, math.ceil(w * beta / factor) * factor
    return hb, wb


def vision_flops(gh, gw, out_hidden, hv=1280, inter=3420, depth=32, window=64, full=4):
    """Multiply-adds x 2 of one image's vision pass (patch embed, blocks, merger)."""
    p = gh * gw
    per_token = hv * (3 * hv + hv) + 3 * hv * inter
    flops = 2 * p * 1176 * hv + 2 * p * per_token * depth
    window = min(window, p)
    flops += 2 * 2 * p * hv * (window * (depth - full) + p * full)
    flops += 2 * (p // 4) * (4 * hv * 4 * hv + 4 * hv * out_hidden)
    return flops


def batch_inputs(b, gh, gw):
    n_img = gh * gw // 4
    ids = torch.tensor([PREFIX + [IMAGE_PAD] * n_img + SUFFIX] * b, device="cuda")
    return dict(
        input_ids=ids,
        attention_mask=torch.ones_like(ids),
        mm_token_type_ids=(ids == IMAGE_PAD).int(),
        pixel_values=torch.randn(b * gh * gw, 1176, device="cuda", dtype=torch.bfloat16),
        image_grid_thw=torch.tensor([[1, gh, gw]] * b, device="cuda"),
    )


def timed(fn):
    torch.cuda.synchronize()
    t0 = time.perf_counter()
    out = fn()
    torch.cuda.synchronize()
    return out, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", default="7B", choices=sorted(TEXT))
    ap.add_argument("--images", type=int, default=64)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--size", default="1280x720")
    ap.add_argument("--new-tokens", type=int, default=128)
    ap.add_argument("--attn", default="sdpa")
    a = ap.parse_args()
    w, h = (int(x) for x in a.size.lower().split("x"))
    rh, rw = smart_resize(h, w)
    gh, gw = rh // 14, rw // 14
    torch.manual_seed(0)
    model = build_model(a.arch, a.attn)
    gen = dict(do_sample=False, max_new_tokens=a.new_tokens, min_new_tokens=a.new_tokens,
               pad_token_id=151643)

    with torch.inference_mode():
        warm = batch_inputs(2, gh, gw)
        model.generate(**warm, do_sample=False, max_new_tokens=4, min_new_tokens=4,
                       pad_token_id=151643)
        pos, _ = model.model.get_rope_index(
            warm["input_ids"], mm_token_type_ids=warm["mm_token_type_ids"],
            image_grid_thw=warm["image_grid_thw"], attention_mask=warm["attention_mask"])
        one = batch_inputs(min(a.batch, a.images), gh, gw)
        _, vision_s = timed(lambda: model.model.visual(one["pixel_values"],
                                                       grid_thw=one["image_grid_thw"]))
        _, prefill_s = timed(lambda: model.generate(**one, do_sample=False, max_new_tokens=1,
                                                    min_new_tokens=1, pad_token_id=151643))
        torch.cuda.reset_peak_memory_stats()
        total, produced = 0.0, 0
        for start in range(0, a.images, a.batch):
            b = min(a.batch, a.images - start)
            inp = batch_inputs(b, gh, gw)
            out, s = timed(lambda: model.generate(**inp, **gen))
            total += s
            produced += (out.shape[1] - inp["input_ids"].shape[1]) * b
    n1 = one["input_ids"].shape[0]
    vf = vision_flops(gh, gw, TEXT[a.arch]["hidden_size"])
    result = {
        "system": "transformers " + __import__("transformers").__version__ + " generate",
        "model": "random:" + a.arch,
        "images": a.images,
        "batch": a.batch,
        "size": a.size,
        "new_tokens": a.new_tokens,
        "images_per_s": a.images / total,
        "output_tokens_per_s": produced / total,
        "prompt_tokens_per_image": one["input_ids"].shape[1],
        "visual_tokens_per_image": gh * gw // 4,
        "vision_tflops": vf * n1 / vision_s / 1e12,
        "vision_s_per_image": vision_s / n1,
        "prefill_s_per_image": prefill_s / n1,  # generate with 1 new token: vision included
        "decode_s_per_image": max(total / a.images - prefill_s / n1, 0.0),
        "total_s": total,
        "rope_max_position": int(pos.max().item()),
        "peak_device_memory_gb": torch.cuda.max_memory_allocated() / 1e9,
        "device": torch.cuda.get_device_name(0),
        "precision": "bf16",
        "attn": a.attn,
        "torch": torch.__version__,
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
