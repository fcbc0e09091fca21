"""PyTorch side of `bench/run compare`: the training loop BatchLab's Trainer runs, in PyTorch.

Started once by the C# benchmark and kept alive; it reads one JSON request per line on stdin and
answers one JSON line on stdout, so the two sides take turns on the same cores:
  {"op": "info"}                                    -> versions, threads, BLAS and its kernel
  {"op": "train", "model": "mlp:256", "batch": 8, "updates": 500}
                                                    -> {"updates_per_second": ...}
  {"op": "matmul", "size": 2048, "repeats": 5}      -> {"gflops": ...} (best of the repeats)
The loop per update: slice of a per-epoch randperm, index_select of inputs and targets, forward,
cross-entropy, zero_grad(set_to_none=True), backward, SGD step (lr 0.01, no momentum, as the
C# side), loss.item() (the C# trainer reads every loss to detect divergence). Timed from the
first update to the last, as the C# side's LoopClock does.
"""
import json
import sys
import time

import torch
from threadpoolctl import threadpool_limits
from torch import nn

# Intra-op threads, and OpenBLAS's own pthread pool (torch.set_num_threads does not reach it):
# argv[2] sets the BLAS pool apart (1 = OpenBLAS single-threaded under torch's threads, which
# avoids oversubscribing a 2-core machine); by default it matches torch's.
threads = int(sys.argv[1]) if len(sys.argv) > 1 else torch.get_num_threads()
blas_threads = int(sys.argv[2]) if len(sys.argv) > 2 else threads
torch.set_num_threads(threads)
blas_limit = threadpool_limits(limits=blas_threads, user_api="blas")
torch.manual_seed(1)
inputs = torch.randn(8192, 1, 28, 28)
targets = torch.randint(0, 10, (8192,))
models = {}


def build(spec):
    torch.manual_seed(0)
    if spec.startswith("mlp:"):
        layers, features = [nn.Flatten()], 784
        for width in (int(w) for w in spec[4:].split("x")):
            layers += [nn.Linear(features, width), nn.ReLU()]
            features = width
        return nn.Sequential(*layers, nn.Linear(features, 10))
    if spec == "simple-cnn":
        return nn.Sequential(
            nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 1024), nn.ReLU(), nn.Linear(1024, 10))
    raise ValueError(f"unknown model {spec}")


def train(spec, batch, updates):
    model = models.setdefault(spec, build(spec))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    n = inputs.shape[0]
    order, offset, first = torch.randperm(n), 0, None
    for u in range(updates):
        if offset + batch > n:
            order, offset = torch.randperm(n), 0
        rows = order[offset:offset + batch]
        offset += batch
        loss = nn.functional.cross_entropy(model(inputs.index_select(0, rows)), targets.index_select(0, rows))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss.item()
        if u == 0:
            first = time.perf_counter()
    return (updates - 1) / (time.perf_counter() - first)


def matmul(size, repeats):
    a, b = torch.randn(size, size), torch.randn(size, size)
    best = 0.0
    for _ in range(repeats + 1):
        start = time.perf_counter()
        torch.mm(a, b)
        best = max(best, 2 * size ** 3 / (time.perf_counter() - start) / 1e9)
    return best


def info():
    from threadpoolctl import threadpool_info
    blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    return {
        "torch": torch.__version__,
        "python": sys.version.split()[0],
        "threads": torch.get_num_threads(),
        "blas": [f"{p.get('internal_api')} {p.get('version')} ({p.get('architecture')} kernels, {p.get('num_threads')} threads)" for p in blas],
        "cpu_capability": torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else None,
    }


for line in sys.stdin:
    request = json.loads(line)
    op = request["op"]
    if op == "info":
        answer = info()
    elif op == "train":
        answer = {"updates_per_second": train(request["model"], request["batch"], request["updates"])}
    elif op == "matmul":
        answer = {"gflops": matmul(request["size"], request["repeats"])}
    else:
        answer = {"error": f"unknown op {op}"}
    print(json.dumps(answer), flush=True)
