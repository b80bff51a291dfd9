from typing import Literal

JoinRequestsAnswerAction = Literal["approve", "reject"]

JOIN_REQUESTS_ANSWER_ACTION_VALUES: set[JoinRequestsAnswerAction] = {
    "approve",
    "reject",
}


def check_join_requests_answer_action(value: str) -> JoinRequestsAnswerAction:
    if value in JOIN_REQUESTS_ANSWER_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {JOIN_REQUESTS_ANSWER_ACTION_VALUES!r}"
    )
