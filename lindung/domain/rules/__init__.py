"""Rule sets as data: one YAML file per regulation in `lindung/rulesets/`, effective-dated
parameters with their legal references, criteria with reason codes and citations."""

from .ruleset import Parameter, ParameterValue, RuleSet, RuleSetError, available, load

__all__ = ["Parameter", "ParameterValue", "RuleSet", "RuleSetError", "available", "load"]
