# temporary one-off: HF reference outputs for the tiny model on synthetic inputs (engineer A)
import sys, os, json, numpy as np, torch
sys.path.insert(0, 'tools/golden')
import make_goldens as g
out = os.environ['OUT']
os.makedirs('/tmp/t/gd', exist_ok=True)
g.write_tiny_checkpoint('/tmp/t/ck', '/tmp/t/gd')
from transformers import Qwen2_5_VLForConditionalGeneration
m = Qwen2_5_VLForConditionalGeneration.from_pretrained('/tmp/t/ck', dtype=torch.float32, attn_implementation='eager').eval()
def px(t, h, w, seed):
    n = t * h * w * 1176
    return (np.sin(np.arange(n, dtype=np.float64) * 0.37 + seed) * 1.5).astype(np.float32).reshape(t * h * w, 1176)
def prompt(pad, count, tail):
    return [151644, 872, 198, 151652] + [pad] * count + [151653] + tail
TEXT = [151644, 872, 198, 9707, 11, 1879, 0, 151645, 198, 151644, 77091, 198]
cases = {
  'text': dict(ids=TEXT),
  'image': dict(ids=prompt(151655, 60, [1, 2, 3]), img=(1, 12, 20, 1.0)),
  'video': dict(ids=prompt(151656, 8, [151644, 77091, 198]), vid=(2, 4, 4, 2.0), spg=1.0),
}
res = {}
for name, c in cases.items():
    kw = dict(input_ids=torch.tensor([c['ids']]), attention_mask=torch.ones(1, len(c['ids']), dtype=torch.long))
    if 'img' in c:
        t, h, w, s = c['img']; kw['pixel_values'] = torch.from_numpy(px(t, h, w, s)); kw['image_grid_thw'] = torch.tensor([[t, h, w]])
    if 'vid' in c:
        t, h, w, s = c['vid']; kw['pixel_values_videos'] = torch.from_numpy(px(t, h, w, s)); kw['video_grid_thw'] = torch.tensor([[t, h, w]]); kw['second_per_grid_ts'] = torch.tensor([c['spg']])
    with torch.no_grad():
        o = m(**kw)
    np.save(f'{out}/{name}_logits.npy', o.logits[0, -1].float().numpy())
    gen = m.generate(**kw, max_new_tokens=8, do_sample=False, repetition_penalty=1.05)
    res[name] = {'greedy105': gen[0, len(c['ids']):].tolist()}
    if 'img' in c:
        with torch.no_grad():
            v = m.model.get_image_features(kw['pixel_values'], kw['image_grid_thw'])
        v = v.pooler_output if hasattr(v, 'pooler_output') else v
        v = torch.cat(list(v), 0) if isinstance(v, (list, tuple)) else v
        np.save(f'{out}/{name}_vision.npy', v.float().numpy())
json.dump(res, open(f'{out}/res.json', 'w'))
print(res)
