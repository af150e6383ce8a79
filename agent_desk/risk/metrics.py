"""ROC AUC in plain Python: the chance that a random cancelled customer scores above a random
active one (ties count half). Used by training and by ``risk evaluate``; no numpy needed."""

from __future__ import annotations

from collections.abc import Sequence


def roc_auc(labels: Sequence[int | bool], scores: Sequence[float]) -> float:
    """The area under the ROC curve of ``scores`` for the 0/1 ``labels``.

    Raises:
        ValueError: the labels hold one class only (the AUC is not defined).
    """
    if len(labels) != len(scores):
        raise ValueError("labels and scores differ in length")
    positives = sum(1 for y in labels if y)
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        raise ValueError("the AUC needs both outcomes among the customers")
    # Mann-Whitney U from average ranks (ties share their rank).
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum = 0.0
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and scores[order[end + 1]] == scores[order[start]]:
            end += 1
        average_rank = (start + end) / 2 + 1
        rank_sum += average_rank * sum(1 for i in order[start:end + 1] if labels[i])
        start = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)
