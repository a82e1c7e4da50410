#!/usr/bin/env python3
"""Writes torch_cells.json: PyTorch's own LSTMCell and GRUCell (float64) on small random weights, in
PyTorch's layout, with every step's h (and c), so the kernel's PyTorch-layout import and its GRU
`pytorch` convention are checked against PyTorch itself. Run with the peer environment:
/tmp/lstm-peers/bin/python make_torch_cells.py"""
import json
import torch

torch.manual_seed(7)
out = {}
for kind, H, X, T in [("lstm", 3, 2, 4), ("gru", 3, 2, 4)]:
    cell = (torch.nn.LSTMCell if kind == "lstm" else torch.nn.GRUCell)(X, H).double()
    xs = torch.randn(T, 1, X, dtype=torch.double)
    h = torch.randn(1, H, dtype=torch.double)
    c = torch.randn(1, H, dtype=torch.double)
    case = {"inputs": X, "hidden": H, "weight_ih": cell.weight_ih.tolist(), "weight_hh": cell.weight_hh.tolist(),
            "bias_ih": cell.bias_ih.tolist(), "bias_hh": cell.bias_hh.tolist(), "h0": h[0].tolist(),
            "xs": xs[:, 0].tolist(), "h": [], "c": []}
    if kind == "lstm":
        case["c0"] = c[0].tolist()
    with torch.no_grad():
        for t in range(T):
            if kind == "lstm":
                h, c = cell(xs[t], (h, c))
                case["c"].append(c[0].tolist())
            else:
                h = cell(xs[t], h)
            case["h"].append(h[0].tolist())
    out[kind] = case
json.dump(out, open("torch_cells.json", "w"), indent=1)
