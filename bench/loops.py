"""Every preset's computation written with plain Python loops: floats and lists, one data
point, node, pixel and parameter at a time, no numpy. It is what nnmath's vectorised
code is compared against in bench/bench_nnmath.py, and a second, independent
implementation of the same arithmetic (tests/bench/test_loops.py checks the two agree).

:func:`run_preset` returns what a trace holds: per step the parameters, loss, gradients,
step sizes and predictions, then the final parameters and loss and the stop reason.
"""

from __future__ import annotations

import math

from nnmath.descent import DIVERGENCE_FACTOR
from nnmath.models import make_model
from nnmath.presets import get_preset


# --- activations, one number at a time ----------------------------------------------
def softplus(x):
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


ACT = {
    "softplus": (softplus, sigmoid),
    "relu": (lambda x: x if x > 0 else 0.0, lambda x: 1.0 if x > 0 else 0.0),
    "sigmoid": (sigmoid, lambda x: sigmoid(x) * (1.0 - sigmoid(x))),
    "identity": (lambda x: x, lambda x: 1.0),
}


# --- the models: (loss, predictions, gradients) at one list of parameters -------------
def line(theta, xs, ys, settings):
    intercept, slope = theta
    loss, g_i, g_s, preds = 0.0, 0.0, 0.0, []
    for x, y in zip(xs, ys):
        p = intercept + slope * x
        preds.append(p)
        loss += (y - p) ** 2
        g_i += -2.0 * (y - p)
        g_s += -2.0 * (y - p) * x
    return loss, preds, [g_i, g_s]


def dosage(theta, xs, ys, settings):
    w1, b1, w2, b2, w3, w4, b3 = theta
    f, df = ACT[settings.get("activation", "softplus")]
    g, dg = ACT[settings.get("output_activation", "identity")]
    loss, grads, preds = 0.0, [0.0] * 7, []
    for d, y in zip(xs, ys):
        x1, x2 = w1 * d + b1, w2 * d + b2
        y1, y2 = f(x1), f(x2)
        raw = w3 * y1 + w4 * y2 + b3
        p = g(raw)
        preds.append(p)
        loss += (y - p) ** 2
        up = -2.0 * (y - p) * dg(raw)
        top, bottom = up * w3 * df(x1), up * w4 * df(x2)
        for i, term in enumerate((top * d, top, bottom * d, bottom, up * y1, up * y2, up)):
            grads[i] += term
    return loss, preds, grads


def _dense_layers(theta, n_in, n_h, n_out):
    k = 0
    w1 = [[0.0] * n_in for _ in range(n_h)]
    for j in range(n_h):
        for i in range(n_in):
            w1[j][i] = theta[k]
            k += 1
    b1 = list(theta[k:k + n_h])
    k += n_h
    w2 = [[0.0] * n_h for _ in range(n_out)]
    for o in range(n_out):
        for j in range(n_h):
            w2[o][j] = theta[k]
            k += 1
    return w1, b1, w2, list(theta[k:k + n_out])


def dense_rows(theta, rows, ys, settings, want_input_grads=False):
    """The dense network over input rows: loss, outputs per row, gradients, and (for the
    convolutional network) dLoss/dinput per row."""
    n_in, n_h, n_out = len(settings["inputs"]), len(settings["hidden"]), len(settings["outputs"])
    w1, b1, w2, b2 = _dense_layers(theta, n_in, n_h, n_out)
    f, df = ACT[settings["activation"]]
    output, loss_kind = settings["output"], settings["loss"]
    g_w1 = [[0.0] * n_in for _ in range(n_h)]
    g_b1 = [0.0] * n_h
    g_w2 = [[0.0] * n_h for _ in range(n_out)]
    g_b2 = [0.0] * n_out
    loss, preds, d_inputs = 0.0, [], []
    for x, y in zip(rows, ys):
        z1 = [sum(w1[j][i] * x[i] for i in range(n_in)) + b1[j] for j in range(n_h)]
        a1 = [f(z) for z in z1]
        z2 = [sum(w2[o][j] * a1[j] for j in range(n_h)) + b2[o] for o in range(n_out)]
        if output == "softmax":
            top = max(z2)
            e = [math.exp(z - top) for z in z2]
            p = [v / sum(e) for v in e]
        else:
            p = [ACT[output][0](z) for z in z2]
        preds.append(p)
        if loss_kind == "cross-entropy":  # SoftMax + cross entropy: delta2 = p - onehot
            c = int(y)
            loss += -(z2[c] - top - math.log(sum(e)))
            d2 = [p[o] - (1.0 if o == c else 0.0) for o in range(n_out)]
        else:  # SSR through the output activation
            obs = y if isinstance(y, (list, tuple)) else [y]
            loss += sum((obs[o] - p[o]) ** 2 for o in range(n_out))
            d2 = [-2.0 * (obs[o] - p[o]) * ACT[output][1](z2[o]) for o in range(n_out)]
        d1 = [sum(d2[o] * w2[o][j] for o in range(n_out)) * df(z1[j]) for j in range(n_h)]
        for o in range(n_out):
            g_b2[o] += d2[o]
            for j in range(n_h):
                g_w2[o][j] += d2[o] * a1[j]
        for j in range(n_h):
            g_b1[j] += d1[j]
            for i in range(n_in):
                g_w1[j][i] += d1[j] * x[i]
        if want_input_grads:
            d_inputs.append([sum(d1[j] * w1[j][i] for j in range(n_h)) for i in range(n_in)])
    grads = [v for row in g_w1 for v in row] + g_b1 + [v for row in g_w2 for v in row] + g_b2
    return loss, preds, grads, d_inputs


def dense(theta, xs, ys, settings):
    loss, preds, grads, _ = dense_rows(theta, xs, ys, settings)
    return loss, preds, grads


def cnn(theta, images, ys, settings):
    """Filter, ReLU, max pooling, flatten, dense head; then back again to the filter."""
    if settings["pool"] != "max":
        raise ValueError("the loop version has max pooling only (as the presets use)")
    k, s = settings["filter_size"], settings["pool_size"]
    size = len(images[0])
    m = size - k + 1
    n_pool = (m - s) // s + 1
    kernel = [[theta[r * k + c] for c in range(k)] for r in range(k)]
    bias = theta[k * k]
    head = dict(inputs=["p"] * n_pool * n_pool, hidden=settings["hidden"],
                outputs=settings["outputs"], activation=settings["activation"],
                output="softmax", loss="cross-entropy")
    maps, flats, picks = [], [], []
    for img in images:
        z = [[sum(img[i + a][j + b] * kernel[a][b] for a in range(k) for b in range(k)) + bias
              for j in range(m)] for i in range(m)]
        flat, where = [], []
        for u in range(n_pool):
            for v in range(n_pool):
                best, at = None, None
                for a in range(s):
                    for b in range(s):
                        value = max(z[u * s + a][v * s + b], 0.0)
                        if best is None or value > best:
                            best, at = value, (u * s + a, v * s + b)
                flat.append(best)
                where.append(at)
        maps.append(z)
        flats.append(flat)
        picks.append(where)
    loss, preds, head_grads, d_flat = dense_rows(theta[k * k + 1:], flats, ys, head, True)
    g_filter = [[0.0] * k for _ in range(k)]
    g_bias = 0.0
    for img, z, where, d in zip(images, maps, picks, d_flat):
        for (i, j), grad in zip(where, d):
            if z[i][j] <= 0:  # ReLU passes no gradient where the feature was not positive
                continue
            g_bias += grad
            for a in range(k):
                for b in range(k):
                    g_filter[a][b] += grad * img[i + a][j + b]
    return loss, preds, [v for row in g_filter for v in row] + [g_bias] + head_grads


MODELS = {"line": line, "dosage": dosage, "dense": dense, "cnn": cnn}


def _settings(preset) -> dict:
    settings = make_model(preset.kind, preset.model_settings).settings()
    if preset.kind == "dense":
        settings.setdefault("output", "identity")
    return settings


def _data(preset, settings):
    inputs, outputs = preset.data
    if preset.kind in ("dense", "cnn"):
        labels = settings["outputs"]
        if preset.kind == "cnn" or settings["loss"] == "cross-entropy":
            outputs = [labels.index(c) if isinstance(c, str) else int(c) for c in outputs]
        inputs = [[float(v) for v in row] if preset.kind == "dense"
                  else [[float(v) for v in r] for r in row] for row in inputs]
    return inputs, list(outputs)


def run_preset(name: str) -> dict:
    """The preset's trace, computed with loops (see the module docstring)."""
    preset = get_preset(name)
    settings = _settings(preset)
    model = MODELS[preset.kind]
    names = make_model(preset.kind, preset.model_settings).param_names
    if preset.start_from:  # trained here with loops too, like nnmath trains it first
        theta = list(run_preset(preset.start_from)["final_params"])
    else:
        theta = [float(preset.start[n]) for n in names]
    xs, ys = _data(preset, settings)
    if not preset.optimise:
        if not ys:
            return {"params": [], "loss": [], "gradients": [], "final_params": theta,
                    "final_loss": float("nan"), "stopped_because": "forward-only",
                    "final_predictions": None}
        loss, preds, _ = model(theta, xs, ys, settings)
        return {"params": [], "loss": [], "gradients": [], "final_params": theta,
                "final_loss": loss, "stopped_because": "forward-only", "final_predictions": preds}
    return descend(model, settings, theta, xs, ys, [n in preset.optimise for n in names],
                   preset.learning_rate, preset.tolerance, preset.max_steps)


def descend(model, settings, theta, xs, ys, chosen, learning_rate, tolerance, max_steps) -> dict:
    """Gradient descent with nnmath's rules (step = rate x gradient on the chosen
    parameters; stop when every chosen step is at or below the tolerance, after
    ``max_steps``, or when the loss blows up), every step recorded."""
    rows = {"params": [], "loss": [], "gradients": [], "steps": [], "predictions": []}
    reason = "max-steps"
    for _ in range(max_steps):
        loss, preds, grads = model(theta, xs, ys, settings)
        ceiling = DIVERGENCE_FACTOR * rows["loss"][0] if rows["loss"] else math.inf
        if not (math.isfinite(loss) and all(math.isfinite(g) for g in grads)) or loss > ceiling:
            reason = "diverged"
            break
        step = [learning_rate * g if c else 0.0 for g, c in zip(grads, chosen)]
        for key, value in zip(rows, (theta, loss, grads, step, preds)):
            rows[key].append(value)
        theta = [t - st for t, st in zip(theta, step)]
        if all(abs(st) <= tolerance for st, c in zip(step, chosen) if c):
            reason = "step-size"
            break
    final_loss, final_preds, _ = model(theta, xs, ys, settings)
    return dict(rows, final_params=theta, final_loss=final_loss, stopped_because=reason,
                final_predictions=final_preds)
