"""The check registry: one entry per YAML ``type``, read by the engine, ``validate`` and docs."""

from __future__ import annotations

from crmhealth.checks.base import CheckSpec, ColumnUse, RunContext
from crmhealth.checks.completeness import CompletenessCheck
from crmhealth.checks.duplicates import DuplicatesCheck
from crmhealth.checks.expression import ExpressionCheck
from crmhealth.checks.feedback import FeedbackCoverageCheck
from crmhealth.checks.freshness import FreshnessCheck
from crmhealth.checks.integrity import IntegrityCheck
from crmhealth.checks.metric import MetricCheck
from crmhealth.checks.pipeline import PipelineCheck
from crmhealth.checks.satisfaction import SatisfactionCheck
from crmhealth.checks.schema import SchemaCheck
from crmhealth.checks.usage import UsageCheck
from crmhealth.checks.validity import ValidityCheck
from crmhealth.checks.volume import VolumeCheck

REGISTRY: dict[str, type[CheckSpec]] = {
    cls.type_name: cls
    for cls in (
        CompletenessCheck,
        ValidityCheck,
        DuplicatesCheck,
        FreshnessCheck,
        ExpressionCheck,
        UsageCheck,
        FeedbackCoverageCheck,
        IntegrityCheck,
        PipelineCheck,
        MetricCheck,
        SatisfactionCheck,
        VolumeCheck,
        SchemaCheck,
    )
}

__all__ = ["REGISTRY", "CheckSpec", "ColumnUse", "RunContext"]
