"""The churn-risk model learned from the desk's own history.

``model`` is what the desk uses: the newest active stored model, evaluated in plain Python
(no scikit-learn, no numpy), or today's hand-set weights when none has been trained.
``history`` turns the database into labelled cases (facts as of before each outcome),
``training`` fits and stores a model (scikit-learn, the ``train`` extra, imported only
there), ``evaluate`` scores a labelled file, and ``commands`` wires ``agent-desk risk``.
Qt-free.
"""
