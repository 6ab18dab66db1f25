"""A small linked ledger written through the real Ledger, for the web, export and Datasette tests.

Two events; a wire story with one copy; a rights group raising its count; a hostile article
whose text and claimant name carry markup that must come out escaped everywhere.
"""

from __future__ import annotations

from pathlib import Path

from tolltrace.model import AliasProposal, Claim, CopyOf, Document, Event, EventLink
from tolltrace.store import Ledger

HOSTILE_TEXT = (
    'Riot in Ostrel <script>alert(1)</script>\n\n'
    "The <b>Front</b> said 44 people were killed. Later it said 50 had died."
)
HOSTILE_CLAIMANT = '<img src=x onerror="alert(1)">Front'

WIRE = (
    "Hospital sources say 61 killed in Ostrel\n\n"
    "At least 61 people were killed, sources at three hospitals told Nord Press Agency. "
    "The Interior Ministry said 12 people had died."
)
COPY = "Dozens dead in Ostrel\n\n" + WIRE.split("\n\n", 1)[1] + " The Mirror adds a line."
VRW_1 = "Rights group: 104 killed\n\nVarnia Rights Watch said at least 104 people were killed."
VRW_2 = "VRW raises toll to 143\n\nVRW has documented the deaths of 143 people, up from 104."
QUAKE = "Quake toll rises\n\nThe National Emergency Service said 87 people had died in Serrat."


def claim(doc: Document, mention: str, value: int, claimant: str, measure: str = "killed",
          nth: int = 0, **fields) -> Claim:
    """A claim at the nth occurrence of `mention` in the document's text."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(mention, start + 1)
    sentence_start = doc.text.rfind("\n", 0, start) + 1
    sentence_end = doc.text.find(". ", start)
    return Claim(
        doc_id=doc.id, start=start, end=start + len(mention), mention=mention,
        value_min=value, value_max=fields.pop("value_max", None),
        approx=fields.pop("approx", "exact"), measure=measure, claimed_by=(claimant,),
        sentence=doc.text[sentence_start: sentence_end + 1 if sentence_end > 0 else None],
        **fields,
    )


def build_ledger(path: Path) -> Path:
    """Write the documents and claims, then events, copies and claimants as the linker would."""
    docs = {
        "wire": Document("wire", WIRE, url="https://npa.example/61", outlet="Nord Press Agency",
                         title="Hospital sources say 61 killed", published="2025-03-11"),
        "mirror": Document("mirror", COPY, url="https://mirror.example/ostrel",
                           outlet="The Danube Mirror", title="Dozens dead in Ostrel",
                           published="2025-03-12"),
        "vrw-1": Document("vrw-1", VRW_1, url="https://vrw.example/104", outlet="VRW",
                          title="Rights group: 104 killed", published="2025-03-12"),
        "vrw-2": Document("vrw-2", VRW_2, url="https://vrw.example/143", outlet="VRW",
                          title="VRW raises toll to 143", published="2025-03-15"),
        "hostile": Document("hostile", HOSTILE_TEXT, url="javascript:alert(1)",
                            outlet="<i>Evil</i>", title="<script>alert(2)</script>",
                            published="2025-03-13"),
        "quake": Document("quake", QUAKE, url="https://nes.example/87", outlet="NES",
                          title="Quake toll rises", published="2025-06-03"),
    }
    claims = {
        "wire": [
            claim(docs["wire"], "At least 61", 61, "hospital sources", approx="at least",
                  via="Nord Press Agency"),
            claim(docs["wire"], "12", 12, "Interior Ministry"),
        ],
        "mirror": [
            claim(docs["mirror"], "At least 61", 61, "hospital sources", approx="at least",
                  via="Nord Press Agency"),
            claim(docs["mirror"], "12", 12, "Interior Ministry"),
        ],
        "vrw-1": [claim(docs["vrw-1"], "at least 104", 104, "Varnia Rights Watch",
                        approx="at least", as_of="2025-03-12")],
        "vrw-2": [
            claim(docs["vrw-2"], "143", 143, "VRW", nth=1),
            claim(docs["vrw-2"], "104", 104, "VRW", as_of="2025-03-12"),
        ],
        "hostile": [
            claim(docs["hostile"], "44", 44, HOSTILE_CLAIMANT),
            claim(docs["hostile"], "50", 50, HOSTILE_CLAIMANT, hypothetical=True),
        ],
        "quake": [claim(docs["quake"], "87", 87, "National Emergency Service")],
    }
    with Ledger(path) as ledger:
        for doc_id, doc in docs.items():
            ledger.add_document(doc, claims[doc_id])
        stored = ledger.claims()
        ostrel = Event("ostrel-crackdown-2025", "Ostrel crackdown <2025>", "protests",
                       "ostrel", "2025-03-11", "2025-03-15")
        serrat = Event("serrat-quake-2025", "Serrat quake", "earthquake", "serrat",
                       "2025-06-03", "2025-06-03")
        links = [
            EventLink(c.id, (serrat if c.doc_id == "quake" else ostrel).id, 0.8)
            for c in stored if c.id is not None
        ]
        ledger.replace_events([ostrel, serrat], links)
        ledger.replace_copies([CopyOf("mirror", "wire", 0.92)])
        ledger.update_claimants(
            {"Varnia Rights Watch": "rights group", "Interior Ministry": "government",
             "National Emergency Service": "government", HOSTILE_CLAIMANT: "opposition group"},
            [],
        )
        ledger.decide_alias(AliasProposal("VRW", "Varnia Rights Watch", 0.9, "confirmed"))
    return path
