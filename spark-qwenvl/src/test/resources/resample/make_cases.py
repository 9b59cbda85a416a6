# Generates the resampler conformance cases in this folder (run on a machine with PIL + torchvision):
#   python make_cases.py OUTDIR
# Each case i: case{i}_src.npy (uint8 HWC), case{i}_pil.npy (PIL Image.resize BICUBIC),
# case{i}_tv.npy (torchvision resize BICUBIC antialias=True on a uint8 NCHW tensor).
import sys, json
import numpy as np
import PIL, torch, torchvision
from PIL import Image
from torchvision.transforms import functional as TF, InterpolationMode

out = sys.argv[1]
rng = np.random.default_rng(20241204)
cases = [((48, 64), (28, 56)), ((48, 64), (112, 84)), ((37, 53), (56, 28)),
         ((100, 30), (56, 28)), ((48, 64), (48, 28)), ((20, 200), (28, 252)),
         ((70, 70), (56, 56)), ((61, 47), (140, 112))]
meta = {"pil": PIL.__version__, "torch": torch.__version__, "torchvision": torchvision.__version__, "cases": []}
for i, ((h, w), (oh, ow)) in enumerate(cases):
    src = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    if i % 2 == 1:  # smooth half of them: realistic content as well as worst case noise
        src = np.cumsum(src.astype(np.int64), axis=1)
        src = (src * 255 // src.max()).astype(np.uint8)
    pil = np.asarray(Image.fromarray(src).resize((ow, oh), Image.BICUBIC))
    t = torch.from_numpy(src).permute(2, 0, 1).unsqueeze(0).contiguous()
    tv = TF.resize(t, [oh, ow], interpolation=InterpolationMode.BICUBIC, antialias=True)
    tv = tv[0].permute(1, 2, 0).contiguous().numpy()
    np.save(f"{out}/case{i}_src.npy", src)
    np.save(f"{out}/case{i}_pil.npy", pil)
    np.save(f"{out}/case{i}_tv.npy", tv)
    meta["cases"].append({"src": [h, w], "out": [oh, ow]})
json.dump(meta, open(f"{out}/cases.json", "w"), indent=1)
print(json.dumps(meta))
