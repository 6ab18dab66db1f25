"""The extraction pipeline: the small English model plus tolltrace's components, in order.

The order is the architecture: numbers → measure → attribution → time → modality → event.
Languages other than English run the same stages as rules over a blank tokenizer, driven
by their language pack (`load_pack_pipeline`).
The number reader needs only tokens, so it runs first, before the model: a window in which
it finds no amount never reaches the model (the extractor skips it). Only the model parts
the components read are kept (no lemmatizer).
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from ..errors import ModelNotInstalledError
from ..settings import Settings
from . import (  # noqa: F401  (registers the components)
    attribution,
    dates,
    event,
    measure,
    modality,
    numbers,
    reported,
    rules,
    tagging,
    time,
)
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
# A language read by its pack: a blank tokenizer and rules, no model.
PACK_COMPONENTS: tuple[str, ...] = (
    "tolltrace_one_sentence",
    "tolltrace_toll_words",
    "tolltrace_sources",
    "tolltrace_dates",
    "tolltrace_hedges",
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


def load_pack_pipeline(lang: str, settings: Settings) -> Language:
    """A blank pipeline of `lang` with the rule components its language pack drives."""
    register_extensions()
    nlp = spacy.blank(lang)
    nlp.add_pipe(NUMBERS, config={"lang": lang})
    for name in PACK_COMPONENTS:
        config: dict[str, object] = {}
        if name in ("tolltrace_toll_words", "tolltrace_hedges", "tolltrace_dates"):
            config = {"lang": lang}
        elif name == "tolltrace_sources":
            config = {"lang": lang, "claimant_files": [str(p) for p in settings.claimant_files]}
        nlp.add_pipe(name, config=config)
    return nlp
