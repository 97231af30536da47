"""The sequence chart's step names wrap under their markers (review r19head #5: "1. Privacy and
security assessment", first of six steps, ran past the chart's left edge at 1280 px and in the PDF)."""

import json
import re
from pathlib import Path

from mixdecide.charts import SEQUENCE_WRAP, sequence_chart
from mixdecide.engine import assess
from mixdecide.wording import step_name

ROOT = Path(__file__).resolve().parents[2]


def test_every_line_of_a_step_name_fits_its_width(pack) -> None:
    answers = json.loads(next((ROOT / "data/demo").glob("03_*.json")).read_text())["answers"]
    a = assess(pack, answers)
    assert a.sequence and a.sequence[0].step != a.top  # the long-named assessment step comes first
    for lang in ("en", "fr"):
        text = sequence_chart(pack, a, lang).data[0].text
        first = re.sub("</?b>", "", text[0]).split("<br>")
        name = f"1. {step_name(pack, a.sequence[0].step, lang, short=True)}"
        assert len(name) > SEQUENCE_WRAP  # long enough to need wrapping
        assert " ".join(first[:-1]).strip() == name  # nothing lost, only wrapped
        for label in text:
            bold = re.search("<b>(.*)</b>", label)
            assert bold is not None
            assert all(len(line) <= SEQUENCE_WRAP for line in bold.group(1).split("<br>")), label
