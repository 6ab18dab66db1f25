"""The extraction pipeline: the small English model plus tolltrace's components, in order.

The order is the architecture: numbers → measure → attribution → time → modality → event.
The number reader needs only tokens, so it runs first, before the model: a window in which
it finds no amount never reaches the model (the extractor skips it). Only the model parts
the components read are kept (no lemmatizer).
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from ..errors import ModelNotInstalledError
from ..settings import Settings
from . import attribution, event, measure, modality, numbers, tagging, time  # noqa: F401
from .extensions import register_extensions

NUMBERS = "tolltrace_numbers"  # before the model
COMPONENTS: tuple[str, ...] = (  # after the model
    "tolltrace_pos",
    "tolltrace_measure",
    "tolltrace_entities",
    "tolltrace_attribution",
    "tolltrace_time",
    "tolltrace_modality",
    "tolltrace_event",
)
# Model parts the components never read; `ner` runs through `tolltrace_entities`, on demand.
UNUSED_MODEL_PARTS: tuple[str, ...] = ("lemmatizer", "attribute_ruler")


def load_model(settings: Settings, exclude: tuple[str, ...] = ()) -> Language:
    """The statistical model as installed (never downloaded), less `exclude`."""
    if not spacy.util.is_package(settings.model):
        raise ModelNotInstalledError(settings.model_package, settings.model)
    return spacy.load(settings.model, exclude=list(exclude))


def load_pipeline(settings: Settings) -> Language:
    register_extensions()
    nlp = load_model(settings, exclude=UNUSED_MODEL_PARTS)
    _, recognizer = nlp.remove_pipe("ner")
    nlp.add_pipe(NUMBERS, first=True)
    for name in COMPONENTS:
        config = {}
        if name == "tolltrace_attribution":
            config = {"claimant_files": [str(p) for p in settings.claimant_files]}
        nlp.add_pipe(name, config=config)
    nlp.get_pipe("tolltrace_entities").recognizer = recognizer
    return nlp
