#!/usr/bin/env python3
"""PyTorch eager side of the Latentforge benchmark (row kind (c)).

Each task prints one JSON line. The architectures mirror the Java families:
  matmul   1024x1024x1024 FP32 matrix product (calibration)
  ae       dense autoencoder 784-256-64-256-784, ReLU, linear code, BCE on logits (mean), Adam 1e-3
  rbm      Bernoulli RBM 784-500, CD-1 (h0 sampled, v1 sampled, h1 probabilities), Adam 1e-3
  dcgan    DCGAN for 28x28 (z 100 -> 128x7x7 -> 64x14x14 -> 1x28x28), batch norm in G and in D's
           second stage, leaky ReLU 0.2, non-saturating loss, Adam 2e-4 (0.5, 0.999); one D step and one
           G step per step. --upsample transposed (ConvTranspose2d 4/2/1, as the gan family) or nearest
           (nearest-neighbour upsampling + 3x3 convolution, the issue's reference measurement)
Usage: torch_bench.py TASK --threads N --steps S --warmup W [--batch B]
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def timed(step, warmup, steps):
    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - start) / steps


def matmul(args):
    a = torch.rand(1024, 1024)
    b = torch.rand(1024, 1024)
    seconds = timed(lambda: torch.mm(a, b), args.warmup, args.steps)
    return {"seconds_per_op": seconds, "gflops": 2 * 1024 ** 3 / seconds / 1e9}


def data(n, shape, generator):
    return (torch.randint(0, 256, (n,) + shape, generator=generator, dtype=torch.uint8).float() / 255.0)


def ae(args):
    b = args.batch or 128
    g = torch.Generator().manual_seed(1)
    images = data(6000, (784,), g)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.Linear(64, 256), nn.ReLU(),
                          nn.Linear(256, 784))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    state = {"i": 0}

    def step():
        i = state["i"] % (6000 // b)
        state["i"] += 1
        x = images[i * b:(i + 1) * b]
        optimizer.zero_grad(set_to_none=True)
        loss = F.binary_cross_entropy_with_logits(model(x), x)
        loss.backward()
        optimizer.step()
        return loss.item()

    if args.profile:
        return ae_profile(model, optimizer, images, b, args)
    seconds = timed(step, args.warmup, args.steps)
    # forward 2*B*sum(in*out), backward about twice that
    flops = 3 * 2 * b * (784 * 256 + 256 * 64 + 64 * 256 + 256 * 784)
    return {"batch": b, "seconds_per_step": seconds, "images_per_second": b / seconds, "gflops": flops / seconds / 1e9}


def ae_profile(model, optimizer, images, b, args):
    """The same phases as the Java AutoencoderStepProfile, each timed on its own."""
    phases = [0.0] * 5
    for n in range(args.warmup + args.steps):
        i = n % (6000 // b)
        t0 = time.perf_counter()
        x = images[i * b:(i + 1) * b].clone()
        t1 = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = F.binary_cross_entropy_with_logits(model(x), x)
        t2 = time.perf_counter()
        loss.backward()
        t3 = time.perf_counter()
        loss.item()
        t4 = time.perf_counter()
        optimizer.step()
        t5 = time.perf_counter()
        if n >= args.warmup:
            for k, d in enumerate([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]):
                phases[k] += d
    names = ["batch_ms", "forward_and_loss_ms", "backward_ms", "read_loss_ms", "optimizer_ms"]
    out = {name: phases[k] * 1000 / args.steps for k, name in enumerate(names)}
    out["step_ms"] = sum(phases) * 1000 / args.steps
    return out


def rbm(args):
    b = args.batch or 100
    v_n, h_n = 784, 500
    g = torch.Generator().manual_seed(1)
    images = (data(6000, (784,), g) > 0.5).float()
    w = (torch.randn(v_n, h_n, generator=g) * 0.01)
    vb = torch.zeros(v_n)
    hb = torch.zeros(h_n)
    params = [w, vb, hb]
    for p in params:
        p.grad = torch.zeros_like(p)
    optimizer = torch.optim.Adam(params, lr=1e-3)
    state = {"i": 0}

    @torch.no_grad()
    def step():
        i = state["i"] % (6000 // b)
        state["i"] += 1
        v0 = images[i * b:(i + 1) * b]
        p0 = torch.sigmoid(v0 @ w + hb)
        h0 = torch.bernoulli(p0)
        v1 = torch.bernoulli(torch.sigmoid(h0 @ w.t() + vb))
        p1 = torch.sigmoid(v1 @ w + hb)
        w.grad.copy_((v1.t() @ p1 - v0.t() @ p0) / b)
        vb.grad.copy_((v1 - v0).mean(0))
        hb.grad.copy_((p1 - p0).mean(0))
        optimizer.step()
        return float(((v0 - v1) ** 2).mean())

    seconds = timed(step, args.warmup, args.steps)
    flops = 5 * 2 * b * v_n * h_n
    return {"batch": b, "seconds_per_step": seconds, "images_per_second": b / seconds, "gflops": flops / seconds / 1e9}


class Generator(nn.Module):
    def __init__(self, upsample):
        super().__init__()
        self.project = nn.Linear(100, 128 * 7 * 7)
        self.bn0 = nn.BatchNorm2d(128)
        if upsample == "transposed":
            self.up1 = nn.ConvTranspose2d(128, 64, 4, 2, 1)
            self.up2 = nn.ConvTranspose2d(64, 1, 4, 2, 1)
        else:
            self.up1 = nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(128, 64, 3, 1, 1))
            self.up2 = nn.Sequential(nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(64, 1, 3, 1, 1))
        self.bn1 = nn.BatchNorm2d(64)

    def forward(self, z):
        h = F.relu(self.bn0(self.project(z).view(-1, 128, 7, 7)))  # 128 x 7 x 7
        h = F.relu(self.bn1(self.up1(h)))  # 64 x 14 x 14
        return torch.tanh(self.up2(h))  # 1 x 28 x 28


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv0 = nn.Conv2d(1, 64, 4, 2, 1)
        self.conv1 = nn.Conv2d(64, 128, 4, 2, 1)
        self.bn1 = nn.BatchNorm2d(128)
        self.out = nn.Linear(128 * 7 * 7, 1)

    def forward(self, x):
        h = F.leaky_relu(self.conv0(x), 0.2)  # 64 x 14 x 14
        h = F.leaky_relu(self.bn1(self.conv1(h)), 0.2)  # 128 x 7 x 7
        return self.out(h.flatten(1))


def dcgan_flops(b, upsample):
    def conv(cin, cout, k, hout, wout):
        return 2 * cin * cout * k * k * hout * wout

    if upsample == "transposed":
        g = 2 * 100 * 6272 + conv(128, 64, 4, 7, 7) * 4 + conv(64, 1, 4, 14, 14) * 4
        # a transposed 4/2/1 convolution does in*out*16 MACs per input pixel: 2*in*out*16*Hin*Win
        g = 2 * 100 * 6272 + 2 * 128 * 64 * 16 * 7 * 7 + 2 * 64 * 1 * 16 * 14 * 14
    else:
        g = 2 * 100 * 6272 + conv(128, 64, 3, 14, 14) + conv(64, 1, 3, 28, 28)
    d = conv(1, 64, 4, 14, 14) + conv(64, 128, 4, 7, 7) + 2 * 6272
    # D step: D forward on real and fake (2d) + backward (4d) + G forward (g); G step: G forward and
    # backward (3g) + D forward and backward through D (3d)
    return b * (6 * d + g + 3 * g + 3 * d)


def dcgan(args):
    b = args.batch or 64
    g = torch.Generator().manual_seed(1)
    images = data(6000, (1, 28, 28), g) * 2 - 1
    gen, dis = Generator(args.upsample), Discriminator()
    opt_g = torch.optim.Adam(gen.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(dis.parameters(), lr=2e-4, betas=(0.5, 0.999))
    ones = torch.ones(b, 1)
    zeros = torch.zeros(b, 1)
    state = {"i": 0}

    def step():
        i = state["i"] % (6000 // b)
        state["i"] += 1
        real = images[i * b:(i + 1) * b]
        # ---- D step
        z = torch.randn(b, 100)
        fake = gen(z).detach()
        opt_d.zero_grad(set_to_none=True)
        loss_d = F.binary_cross_entropy_with_logits(dis(real), ones) + \
            F.binary_cross_entropy_with_logits(dis(fake), zeros)
        loss_d.backward()
        opt_d.step()
        # ---- G step (non-saturating: maximise log D(G(z)))
        z = torch.randn(b, 100)
        opt_g.zero_grad(set_to_none=True)
        loss_g = F.binary_cross_entropy_with_logits(dis(gen(z)), ones)
        loss_g.backward()
        opt_g.step()
        return loss_d.item() + loss_g.item()

    seconds = timed(step, args.warmup, args.steps)
    flops = dcgan_flops(b, args.upsample)
    return {"batch": b, "upsample": args.upsample, "seconds_per_step": seconds, "images_per_second": b / seconds,
            "gflops": flops / seconds / 1e9}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("task", choices=["matmul", "ae", "rbm", "dcgan"])
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--batch", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="ae only: time each phase of the step")
    parser.add_argument("--upsample", choices=["transposed", "nearest"], default="transposed")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    out = {"task": args.task, "engine": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
           "device": "cpu", "steps": args.steps, "warmup": args.warmup}
    out.update({"matmul": matmul, "ae": ae, "rbm": rbm, "dcgan": dcgan}[args.task](args))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
