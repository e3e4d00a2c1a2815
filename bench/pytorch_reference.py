#!/usr/bin/env python3
"""PyTorch reference for `rnnlab bench`: the same models, sizes and update, timed in updates per second.

Debian's python3-torch (1.13, linked against the system BLAS, i.e. OpenBLAS through alternatives), one thread.
One update = forward over 50 steps x 64 sequences, softmax cross-entropy over a 544-token vocabulary, backward,
clip-by-global-norm 5, Adam (lr 0.001); truncated BPTT: the final state carries (detached) into the next update.
Tokens are synthetic (random ids), as in `rnnlab bench`. Models, all without biases except torch.nn.LSTM:

  rnn    embedding lookup E[x_t] (544 x 64) -> h_t = tanh(E[x_t] + h_{t-1} R) -> logits h_t W (64 x 544)
         impl "loop": that recurrence step by step (the same math and FLOPs as rnnlab's rnn);
         impl "nn.RNN": embedding (544 x 64) -> torch.nn.RNN(64, 64, tanh), which multiplies the embedding by its own
         W_ih as well (one more [3200x64].[64x64] product per update).
  rnncf  SCRN, Mikolov et al. 2015, the paper variant as rnnlab's `variant: paper`: s_t = (1-a) B[x_t] + a s_{t-1}
         (a = 0.9, fixed), h_t = sigmoid(A[x_t] + s_t P + h_{t-1} R), logits = [h_t, s_t] W (128 x 544).
         impl "loop": the context states first (elementwise), s.P for all steps as one product, then h step by step.
  lstm   impl "nn.LSTM": embedding (544 x 64) -> torch.nn.LSTM(64, 64) -> logits h_t W; the module the issue's target
         is stated against (its W_ih on the 64-wide embedding is one more [3200x64].[64x256] product than rnnlab's
         LSTM, whose input projection is a row lookup).

Prints one JSON object per (model, impl) with --json, else a table; the BLAS core torch's OpenBLAS runs is read from
the loaded library (openblas_get_corename), so OPENBLAS_CORETYPE set by the caller shows up there.
Usage: /usr/bin/python3 bench/pytorch_reference.py [--model rnn|rnncf|lstm|all] [--steps N] [--warmup N] [--json]
       /usr/bin/python3 bench/pytorch_reference.py --check FILE   (test/bench/pytorch-reference.test.ts uses it)
"""
import argparse
import ctypes
import json
import os
import sys
import time

# One BLAS thread, decided before torch (and its OpenBLAS) load; an explicit setting from the caller wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402  (after the thread settings above)
import torch.nn as nn  # noqa: E402

VOCAB, BATCH, UNROLL, HIDDEN, CONTEXT, ALPHA, CLIP, LR = 544, 64, 50, 64, 64, 0.9, 5.0, 0.001
INIT_STD = 0.02


def normal(*shape):
    return nn.Parameter(torch.randn(*shape) * INIT_STD)


class LoopRnn(nn.Module):
    """h_t = tanh(E[x_t] + h_{t-1} R); logits = h_t W."""

    def __init__(self):
        super().__init__()
        self.E, self.R, self.W = normal(VOCAB, HIDDEN), normal(HIDDEN, HIDDEN), normal(HIDDEN, VOCAB)

    def initial_state(self):
        return (torch.zeros(BATCH, HIDDEN),)

    def forward(self, inputs, state):
        (h,) = state
        x = self.E[inputs]  # [T, B, H]
        hs = []
        for t in range(UNROLL):
            h = torch.tanh(x[t] + h @ self.R)
            hs.append(h)
        return torch.stack(hs).reshape(-1, HIDDEN) @ self.W, (h,)


class ModuleRnn(nn.Module):
    """Embedding -> torch.nn.RNN (tanh, no bias) -> linear output."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, HIDDEN)
        self.rnn = nn.RNN(HIDDEN, HIDDEN, nonlinearity="tanh", bias=False)
        self.out = nn.Linear(HIDDEN, VOCAB, bias=False)

    def initial_state(self):
        return (torch.zeros(1, BATCH, HIDDEN),)

    def forward(self, inputs, state):
        hs, h = self.rnn(self.embedding(inputs), state[0])
        return self.out(hs.reshape(-1, HIDDEN)), (h,)


class LoopScrn(nn.Module):
    """SCRN, paper variant: s_t = (1-a) B[x_t] + a s_{t-1}; h_t = sigmoid(A[x_t] + s_t P + h_{t-1} R)."""

    def __init__(self):
        super().__init__()
        self.A, self.B = normal(VOCAB, HIDDEN), normal(VOCAB, CONTEXT)
        self.R, self.P = normal(HIDDEN, HIDDEN), normal(CONTEXT, HIDDEN)
        self.W = normal(HIDDEN + CONTEXT, VOCAB)

    def initial_state(self):
        return torch.zeros(BATCH, HIDDEN), torch.zeros(BATCH, CONTEXT)

    def forward(self, inputs, state):
        h, s = state
        xb = (1 - ALPHA) * self.B[inputs]  # [T, B, C]
        ss = []
        for t in range(UNROLL):
            s = xb[t] + ALPHA * s
            ss.append(s)
        ss = torch.stack(ss)  # [T, B, C]
        pre = self.A[inputs] + (ss.reshape(-1, CONTEXT) @ self.P).reshape(UNROLL, BATCH, HIDDEN)
        hs = []
        for t in range(UNROLL):
            h = torch.sigmoid(pre[t] + h @ self.R)
            hs.append(h)
        features = torch.cat([torch.stack(hs), ss], dim=2).reshape(-1, HIDDEN + CONTEXT)
        return features @ self.W, (h, s)


class ModuleLstm(nn.Module):
    """Embedding -> torch.nn.LSTM(64, 64) -> linear output."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, HIDDEN)
        self.lstm = nn.LSTM(HIDDEN, HIDDEN)
        self.out = nn.Linear(HIDDEN, VOCAB, bias=False)

    def initial_state(self):
        return torch.zeros(1, BATCH, HIDDEN), torch.zeros(1, BATCH, HIDDEN)

    def forward(self, inputs, state):
        hs, (h, c) = self.lstm(self.embedding(inputs), state)
        return self.out(hs.reshape(-1, HIDDEN)), (h, c)


IMPLEMENTATIONS = {
    "rnn": [("loop", LoopRnn), ("nn.RNN", ModuleRnn)],
    "rnncf": [("loop", LoopScrn)],
    "lstm": [("nn.LSTM", ModuleLstm)],
}


def train_update(model, optimizer, loss_fn, inputs, targets, state):
    """One update; returns the loss before it (nats) and the final state, detached (truncated BPTT)."""
    optimizer.zero_grad(set_to_none=True)
    logits, state = model(inputs, state)
    loss = loss_fn(logits, targets)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP)
    optimizer.step()
    return loss.item(), tuple(x.detach() for x in state)


def new_optimizer(model):
    return torch.optim.Adam(model.parameters(), lr=LR, betas=(0.9, 0.999), eps=1e-8)


def measure(model_class, steps, warmup):
    """Updates per second after `warmup` updates; the state carries across updates, detached (truncated BPTT)."""
    torch.manual_seed(0)
    model = model_class()
    optimizer = new_optimizer(model)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(1)
    batches = [
        (torch.randint(VOCAB, (UNROLL, BATCH), generator=generator), torch.randint(VOCAB, (UNROLL * BATCH,), generator=generator))
        for _ in range(4)
    ]
    state = model.initial_state()
    started = 0.0
    for i in range(warmup + steps):
        if i == warmup:
            started = time.perf_counter()
        inputs, targets = batches[i % len(batches)]
        # .item() in train_update waits for the loss, as rnnlab's update returns its loss as a number.
        _, state = train_update(model, optimizer, loss_fn, inputs, targets, state)
    return steps / (time.perf_counter() - started)


# rnnlab's parameter names for the "loop" models' weights (rnnlab stores them with the same [in, out] layout).
CHECK_WEIGHTS = {"rnn": {"E": "W_xh", "R": "W_hh", "W": "W_out"}, "rnncf": {"A": "A", "B": "B", "R": "R", "P": "P", "W": "W_out"}}


def check(path):
    """Losses of consecutive updates from given weights and batches (a JSON file from rnnlab's cross-check test):
    the reference must compute the same function and the same update as rnnlab, or the comparison is not fair."""
    global VOCAB, BATCH, UNROLL, HIDDEN, CONTEXT
    with open(path) as f:
        spec = json.load(f)
    VOCAB, BATCH, UNROLL, HIDDEN, CONTEXT = (spec[k] for k in ("vocab", "batch", "unroll", "hidden", "context"))
    model = {"rnn": LoopRnn, "rnncf": LoopScrn}[spec["model"]]()
    with torch.no_grad():
        for mine, theirs in CHECK_WEIGHTS[spec["model"]].items():
            param = getattr(model, mine)
            param.copy_(torch.tensor(spec["weights"][theirs], dtype=torch.float32).reshape(param.shape))
    optimizer = new_optimizer(model)
    loss_fn = nn.CrossEntropyLoss()
    state = model.initial_state()
    losses = []
    for batch in spec["batches"]:
        inputs = torch.tensor(batch["inputs"]).reshape(UNROLL, BATCH)  # rnnlab's layout: index t * batch + b
        loss, state = train_update(model, optimizer, loss_fn, inputs, torch.tensor(batch["targets"]), state)
        losses.append(loss)
    print(json.dumps({"losses": losses}))


def openblas_info():
    """Core and config of the OpenBLAS this process loaded (via torch), or None when it is not OpenBLAS."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "openblas" in line and line.rstrip().endswith(".so")}
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_num_threads.restype = ctypes.c_int
            return {
                "core": lib.openblas_get_corename().decode(),
                "config": lib.openblas_get_config().decode(),
                "threads": lib.openblas_get_num_threads(),
            }
        except (OSError, AttributeError):
            continue
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=["rnn", "rnncf", "lstm", "all"], default="all")
    parser.add_argument("--steps", type=int, default=20, help="timed updates per model (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed updates first (default 3)")
    parser.add_argument("--json", action="store_true", help="one JSON object per model and implementation")
    parser.add_argument("--check", metavar="FILE", help="print the losses of updates from the weights and batches in FILE")
    args = parser.parse_args()
    if args.check:
        check(args.check)
        return 0
    if args.steps < 1 or args.warmup < 0:
        parser.error("--steps must be >= 1 and --warmup >= 0")
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    torch.mm(torch.ones(8, 8), torch.ones(8, 8))  # loads the BLAS before asking it anything
    blas = openblas_info()
    models = ["rnn", "rnncf", "lstm"] if args.model == "all" else [args.model]
    rows = []
    for name in models:
        for impl, model_class in IMPLEMENTATIONS[name]:
            rate = measure(model_class, args.steps, args.warmup)
            row = {
                "model": name,
                "impl": impl,
                "steps_per_sec": rate,
                "tokens_per_sec": rate * UNROLL * BATCH,
                "torch": torch.__version__,
                "torch_threads": torch.get_num_threads(),
                "blas_core": blas["core"] if blas else None,
                "blas": f"{blas['config']} (core {blas['core']}), {blas['threads']} thread{'s' if blas['threads'] != 1 else ''}" if blas else None,
            }
            rows.append(row)
            if args.json:
                print(json.dumps(row), flush=True)
    if not args.json:
        print(f"torch {torch.__version__}, {torch.get_num_threads()} thread; BLAS: {rows[0]['blas'] if rows else '?'}")
        for row in rows:
            print(f"{row['model']:6} {row['impl']:8} {row['steps_per_sec']:8.2f} updates/s {row['tokens_per_sec']:9.0f} tokens/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
