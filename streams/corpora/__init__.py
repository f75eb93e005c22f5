"""The labelled data sets (from ``../shared/data``): loaders, leakage-free splits, synthetic rows, the
per-language sets, and which rows each label is fitted on.

Shared by the training code (``models/``, ``make model``) and ``modstream eval``
(:mod:`streams.evaluation`); needs the ``train`` extra (pandas). Training imports these, never the
other way round: nothing under ``streams/`` imports ``models`` (``tests/test_import_boundaries.py``).
"""
