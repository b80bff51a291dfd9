from typing import Literal

AttemptOutcome = Literal["dead", "delivered", "failed", "retry"]

ATTEMPT_OUTCOME_VALUES: set[AttemptOutcome] = {
    "dead",
    "delivered",
    "failed",
    "retry",
}


def check_attempt_outcome(value: str) -> AttemptOutcome:
    if value in ATTEMPT_OUTCOME_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ATTEMPT_OUTCOME_VALUES!r}")
