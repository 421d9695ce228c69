"""The terminal's ▲/▼ changes agree with the rounded figures it shows next to them."""

from __future__ import annotations

from crmhealth.report.terminal import delta_text


def test_change_is_computed_from_the_figures_as_shown() -> None:
    # 84.64 and 81.89 show as 84.6 and 81.9: the change shown is 2.7, not round(2.75) = 2.8.
    assert delta_text(81.89, 84.64).plain == "▼ 2.7"
    assert delta_text(72.0, 60.0, " pp").plain == "▲ 12.0 pp"
    assert delta_text(96.54, 96.46).plain == "="
    assert delta_text(80.0, 80.0).style == "dim"
