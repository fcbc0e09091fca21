"""BatchLab's transformer:layers=L,dim=D,heads=H,context=T[,tied] written in PyTorch, as nanoGPT's model.py.

Parameter names match BatchLab's (wte, wpe, h.0.ln_1, h.0.attn.c_attn, h.0.c_fc, ...), so a state dict
moves between the two. Attention is the explicit masked softmax (PyTorch 1.13 has no
scaled_dot_product_attention); no dropout.

    python3 nanogpt_reference.py --train FOLDER   # the agreement test: trains FOLDER/init.safetensors
"""
import argparse, json, math, struct

import torch
import torch.nn as nn
import torch.nn.functional as F


class CausalSelfAttention(nn.Module):
    def __init__(self, dim, heads, context):
        super().__init__()
        self.c_attn = nn.Linear(dim, 3 * dim)
        self.c_proj = nn.Linear(dim, dim)
        self.heads = heads
        self.register_buffer("mask", torch.tril(torch.ones(context, context)).view(1, 1, context, context), persistent=False)

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.heads, C // self.heads).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.mask[:, :, :T, :T] == 0, float("-inf"))
        y = F.softmax(att, dim=-1) @ v
        return self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))


class Block(nn.Module):
    def __init__(self, dim, heads, context):
        super().__init__()
        self.ln_1 = nn.LayerNorm(dim)
        self.attn = CausalSelfAttention(dim, heads, context)
        self.ln_2 = nn.LayerNorm(dim)
        self.c_fc = nn.Linear(dim, 4 * dim)
        self.c_proj = nn.Linear(4 * dim, dim)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.c_proj(F.gelu(self.c_fc(self.ln_2(x))))


class GPT(nn.Module):
    def __init__(self, layers, dim, heads, context, vocabulary=256, tied=False):
        super().__init__()
        self.wte = nn.Embedding(vocabulary, dim)
        self.wpe = nn.Embedding(context, dim)
        self.h = nn.ModuleList([Block(dim, heads, context) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(dim)
        self.tied = tied
        if not tied:
            self.lm_head = nn.Linear(dim, vocabulary, bias=False)

    def forward(self, idx):
        pos = torch.arange(idx.size(1), dtype=torch.long, device=idx.device)
        x = self.wte(idx) + self.wpe(pos)
        for block in self.h:
            x = block(x)
        x = self.ln_f(x)
        return x @ self.wte.weight.t() if self.tied else self.lm_head(x)


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    types = {"F32": torch.float32, "I64": torch.int64}
    tensors = {k: torch.frombuffer(bytearray(data[v["data_offsets"][0]:v["data_offsets"][1]]), dtype=types[v["dtype"]]).view(v["shape"])
               for k, v in header.items() if k != "__metadata__"}
    return header.get("__metadata__", {}), tensors


def train(folder):
    """Per-update losses of AdamW from the weights, windows and order in FOLDER/init.safetensors, for each plan in its metadata."""
    meta, tensors = load_safetensors(folder + "/init.safetensors")
    config = json.loads(meta["config"])
    x, y, order = tensors.pop("x"), tensors.pop("y"), tensors.pop("order")
    torch.set_num_threads(1)
    results = {"torch": torch.__version__}
    for micro in config["micro_batches"]:
        model = GPT(config["layers"], config["dim"], config["heads"], config["context"], tied=config["tied"])
        model.load_state_dict(tensors, strict=True)
        model.train()
        opt = torch.optim.AdamW(model.parameters(), lr=config["lr"], betas=(0.9, 0.999), eps=1e-8, weight_decay=config["weight_decay"])
        batch, losses = order.size(1), []
        for rows in order:
            opt.zero_grad(set_to_none=True)
            total = 0.0
            for start in range(0, batch, micro):
                part = rows[start:start + micro]
                logits = model(x[part])
                # Sum over tokens ÷ T ÷ B: each micro-batch weighted by its own sequences, as BatchLab.
                loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y[part].reshape(-1), reduction="sum") / y.size(1) / batch
                loss.backward()
                total += loss.item()
            opt.step()
            losses.append(total)
        results[str(micro)] = losses
    with open(folder + "/losses.json", "w") as f:
        json.dump(results, f)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", metavar="FOLDER", required=True)
    train(parser.parse_args().train)
