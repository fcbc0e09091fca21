#!/usr/bin/python3
"""The TorchScript models BatchLab's tests and README use, exported the way a PyTorch user would.

    PYTHONHASHSEED=0 python3 export_models.py [OUTDIR]            # mlp.pt and cnn.pt (default: beside this script)
    PYTHONHASHSEED=0 python3 export_models.py --reference OUTDIR  # also data and PyTorch's own training losses

Both models take 1x28x28 images (MNIST's shape) and give 10 logits:
  mlp.pt  flatten, linear 784->32, relu, linear 32->10                           (25,450 parameters)
  cnn.pt  conv 1->8 3x3, BatchNorm, tanh, avg-pool 2, conv 8->16 3x3, tanh,
          avg-pool 2, linear 784->10 (LeNet-style)                                 (9,114 parameters)
The CNN is smooth on purpose: with ReLU and max-pooling, 9,408 kinks per sample make a float32
rounding difference occasionally flip one activation's side, after which two exact implementations
drift apart (1e-5 relative within 50 updates); that is chaos, not an error, but it hides one.

--reference writes, besides the models:
  data.safetensors  x float32 [512,1,28,28], y int64 [512], order int64 [50,32] (the samples of each update)
  reference.json    per-update losses of PyTorch's own loop: 50 updates of B = 32 with torch.optim.SGD
                    (lr 0.02, momentum 0 or 0.9), in one pass ("B32") or 4 micro-batches of 8 ("B32M8";
                    each micro-batch's summed cross-entropy / 32, gradients accumulated). The loss of an
                    update is the sum of its micro-batch losses.
PYTHONHASHSEED=0 makes the .pt files byte-reproducible apart from their debug_pkl entries, which
record this script's path.
"""
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

N, B, M, STEPS, LR = 512, 32, 8, 50, 0.02


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        h = F.avg_pool2d(torch.tanh(self.bn1(self.conv1(x))), 2)
        h = F.avg_pool2d(torch.tanh(self.conv2(h)), 2)
        return self.fc(h.flatten(1))


def make(name):
    torch.manual_seed({"mlp": 1, "cnn": 2}[name])
    return {"mlp": Mlp, "cnn": Cnn}[name]()


def save_safetensors(path, tensors):
    """safetensors without the package: 8-byte little-endian header length, JSON header, raw data."""
    dtypes = {torch.float32: "F32", torch.int64: "I64"}
    header, blobs, offset = {}, [], 0
    for key in sorted(tensors):
        data = tensors[key].detach().contiguous().numpy().tobytes()
        header[key] = {"dtype": dtypes[tensors[key].dtype], "shape": list(tensors[key].shape),
                       "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def data():
    g = torch.Generator().manual_seed(1234)
    x = torch.randn(N, 1, 28, 28, generator=g)
    teacher = torch.randn(28 * 28, 10, generator=g)
    y = (x.flatten(1) @ teacher + 0.5 * torch.randn(N, 10, generator=g)).argmax(1)
    order = torch.cat([torch.randperm(N, generator=g) for _ in range(STEPS * B // N + 1)])[: STEPS * B]
    return x, y, order.view(STEPS, B)


def train(model, x, y, order, momentum, micro):
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=momentum)
    model.train()
    losses = []
    for rows in order:
        optimizer.zero_grad(set_to_none=True)
        total = 0.0
        for start in range(0, B, micro):
            part = rows[start:start + micro]
            loss = F.cross_entropy(model(x[part]), y[part], reduction="sum") / B
            loss.backward()
            total += loss.item()
        optimizer.step()
        losses.append(total)
    return losses


def main(args):
    reference = args[:1] == ["--reference"]
    out = (args[1] if reference else args[0]) if args[reference:] else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
    for name in ["mlp", "cnn"]:
        torch.jit.script(make(name)).save(os.path.join(out, f"{name}.pt"))
    if not reference:
        return
    torch.set_num_threads(1)
    x, y, order = data()
    save_safetensors(os.path.join(out, "data.safetensors"), {"x": x, "y": y, "order": order})
    losses = {}
    for name in ["mlp", "cnn"]:
        for optimizer, momentum in [("sgd", 0.0), ("momentum", 0.9)]:
            for plan, micro in [("B32", B), ("B32M8", M)]:
                losses[f"{name}/{optimizer}/{plan}"] = train(make(name), x, y, order, momentum, micro)
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump({"torch": torch.__version__, "batch": B, "lr": LR, "losses": losses}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
