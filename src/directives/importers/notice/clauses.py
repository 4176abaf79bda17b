"""Reading one clause: who is given work (leads, supports) and the work itself."""

from dataclasses import dataclass, field

from directives.importers.notice.vocabulary import (
    DIRECTIVE_AFTER_SUBJECT,
    EVALUATIVE,
    GROUP_NOUNS,
    GROUP_TAILS,
    HEADS_OF_GROUPS,
    LEAD_MARK,
    LOWERCASE_HEADS,
    NAME_BREAKS,
    ORG_HEADS,
    PAST,
    SPEECH,
    SUPPORT_MARK,
    TITLES,
    TRIGGER_STARTS,
    TRIGGERS,
    VERB_WORDS,
)
from directives.importers.unit_names import Named, Token, UnitDirectory, tokenize


@dataclass
class Clause:
    """A clause cut into tokens, with the folded words and the token each word comes from."""

    text: str
    tokens: list[Token]
    words: list[str] = field(default_factory=list)
    origin: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> "Clause":
        tokens = tokenize(text)
        clause = cls(text, tokens)
        for index, token in enumerate(tokens):
            for word in token.words:
                clause.words.append(word)
                clause.origin.append(index)
        return clause

    def at(self, index: int, words: tuple[str, ...]) -> bool:
        return tuple(self.words[index : index + len(words)]) == words

    def char(self, index: int) -> int:
        """Where word ``index`` starts in the text (the text's end past the last word)."""
        if index >= len(self.words):
            return len(self.text)
        return self.tokens[self.origin[index]].start

    def written(self, start: int, end: int) -> str:
        """Words ``start`` to ``end`` as written."""
        last = self.tokens[self.origin[end - 1]]
        return self.text[self.char(start) : last.end]

    def capitalised(self, index: int) -> bool:
        if index >= len(self.words):
            return False
        raw = self.tokens[self.origin[index]].text
        return raw[:1].isupper()


@dataclass
class Assignment:
    leads: list[Named]
    supports: list[Named]
    action: str


class ClauseReader:
    def __init__(self, directory: UnitDirectory) -> None:
        self.directory = directory

    # A list of units: "A, B và C", known or looking like an organisation's name.
    def units(self, clause: Clause, start: int, unknown_ok: bool = True) -> tuple[list[Named], int]:
        found: list[Named] = []
        index = start
        while True:
            named, end = self._one_unit(clause, index, unknown_ok)
            if named is None:
                break
            found.append(named)
            index = end
            after = index
            if clause.at(after, (",",)):
                after += 1
            if clause.at(after, ("va",)):
                after += 1
            if after == index or self._one_unit(clause, after, unknown_ok)[0] is None:
                break
            index = after
        return found, index

    def _one_unit(self, clause: Clause, start: int, unknown_ok: bool) -> tuple[Named | None, int]:
        words = clause.words
        match = self.directory.match(words, start)
        if match is None:  # "UBND các xã Giao An, Giao Lạc": the communes by their bare names
            for prefix in (
                ("uy", "ban", "nhan", "dan", "cac", "xa"),
                ("dang", "uy", "cac", "xa"),
                ("cac", "xa"),
                ("xa",),
            ):
                if clause.at(start, prefix):
                    inner = self.directory.match(words, start + len(prefix))
                    if inner is not None and not inner.named.collective:
                        match = inner
                    break
        if match is not None:
            tail = GROUP_TAILS.longest_at(words, match.end) if match.named.collective else None
            return match.named, match.end + len(tail or ())  # "các đoàn thể … tỉnh"
        title = TITLES.longest_at(words, start) if clause.capitalised(start) else None
        if title is not None:  # "Giám đốc Sở …", "Chủ tịch UBND huyện …": the unit they head
            named, end = self._one_unit(clause, start + len(title), unknown_ok)
            if named is not None:
                return named, end
        if not unknown_ok or start >= len(words):
            return None, start
        group = self._group(clause, start)
        head = LOWERCASE_HEADS.longest_at(words, start)
        if group is None and head is None:
            if not clause.capitalised(start):
                return None, start
            head = ORG_HEADS.longest_at(words, start)
            if head is None:
                return None, start
        if group is not None:
            start, end = group
        else:
            end = self._name_end(clause, start, start + len(head or ("",)))
        written = clause.written(start, end).strip(" ,")
        if group is not None and written[:4] == "Các ":  # a group is no proper name: "các ấp"
            written = "c" + written[1:]
        return Named(written, known=False), end

    def _group(self, clause: Clause, start: int) -> tuple[int, int] | None:
        """Where a group of bodies the directory does not know starts and ends, if one starts at
        ``start``: "các xóm", "các cơ quan, đơn vị liên quan", "UBND
        các huyện, thành phố"; a person's office before it is left out ("Trưởng các thôn, xóm"
        → "các thôn, xóm"). None if none does. The group is kept whole, never cut into the
        task's text."""
        words = clause.words
        at = start
        while at < min(start + 5, len(words)) and words[at] != "cac" and clause.capitalised(at):
            at += 1  # the committees or heads of a group: "UBND các …", "Thủ trưởng các …"
        if not clause.at(at, ("cac",)):
            return None
        noun = GROUP_NOUNS.longest_at(words, at + 1)
        if noun is None:
            return None
        end = at + 1 + len(noun)
        while True:  # "các huyện, thị xã, thành phố", "các cơ quan, đơn vị"
            joint = 1 if clause.at(end, (",",)) or clause.at(end, ("va",)) else 0
            more = GROUP_NOUNS.longest_at(words, end + joint) if joint else None
            if more is None or clause.capitalised(end + joint):
                break
            end += joint + len(more)
        tail = GROUP_TAILS.longest_at(words, end)
        end += len(tail) if tail is not None else 0
        person = TITLES.longest_at(words, start) or HEADS_OF_GROUPS.longest_at(words, start)
        return (at if person is not None and start + len(person) == at else start), end

    def _name_end(self, clause: Clause, start: int, after_head: int) -> int:
        """Where an unknown unit's name that starts at ``start`` ends: before "chủ trì" or
        "phối hợp" if one comes before the next comma, else before the first verb written in
        lower case ("Đội Quản lý thị trường" is a name; "… hoàn chỉnh dự thảo" is work)."""
        words = clause.words
        stop = start + 1
        while stop < len(words) and stop - start < 20:
            if clause.at(stop, LEAD_MARK) or clause.at(stop, SUPPORT_MARK):
                return self._without_trailing_verb(clause, after_head, stop)
            if words[stop] in NAME_BREAKS and (
                words[stop] not in (",", "va") or not self._name_goes_on(clause, stop + 1)
            ):
                break
            stop += 1
        end = max(start + 1, min(after_head, stop))
        while end < stop and (clause.capitalised(end) or not self._verb_at(clause, end)):
            end += 1
        return end

    def _without_trailing_verb(self, clause: Clause, first: int, stop: int) -> int:
        """``stop``, moved back before the lower-case verbs that end the words before it ("Ban
        Quản lý dự án tỉnh chủ động | phối hợp …")."""
        moved = True
        while moved:
            moved = False
            for size in (3, 2, 1):
                at = stop - size
                if at >= first and not clause.capitalised(at):
                    phrase = VERB_WORDS.longest_at(clause.words, at)
                    if phrase is not None and at + len(phrase) == stop:
                        stop, moved = at, True
                        break
        return stop

    def _name_goes_on(self, clause: Clause, index: int) -> bool:
        """Whether a name goes on past "và" or a comma: "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Văn hóa, Thể thao và Du lịch"; not when a new body starts ("Sở A và Sở B")."""
        words = clause.words
        return (
            index < len(words)
            and words[index].isalnum()
            and clause.capitalised(index)
            and ORG_HEADS.longest_at(words, index) is None
            and TITLES.longest_at(words, index) is None
            and self.directory.match(words, index) is None
        )

    @staticmethod
    def _verb_at(clause: Clause, index: int) -> bool:
        return VERB_WORDS.longest_at(clause.words, index) is not None

    def assignment(self, text: str, prose: bool) -> Assignment | None:
        """Who is given work in ``text`` and the work; None if nobody is."""
        clause = Clause.of(text)
        if not clause.words:
            return None
        # "Giao A …" / "Yêu cầu A …" at the start.
        for trigger in TRIGGERS:
            if clause.at(0, trigger):
                leads, end = self.units(clause, _after_colon(clause, len(trigger)))
                if leads:
                    return self._roles(clause, leads, end)
        # Subject first: "A phối hợp với B …", "A tham mưu …".
        found = self._subject_first(clause, 0, prose)
        if found is not None:
            return found
        # "Đồng chí Chủ tịch yêu cầu A …", "Đồng thời, giao A …" further on.
        for index in range(1, len(clause.words)):
            if clause.words[index] not in TRIGGER_STARTS:
                continue
            for trigger in TRIGGERS:
                if clause.at(index, trigger):
                    leads, end = self.units(clause, _after_colon(clause, index + len(trigger)))
                    if leads:
                        return self._roles(clause, leads, end)
                    if clause.at(index + len(trigger), (":",)):  # "… yêu cầu: A làm …"
                        found = self._subject_first(clause, index + len(trigger) + 1, prose)
                        if found is not None:
                            return found
        # A topic first: "Về thu ngân sách: Phòng Tài chính - Kế hoạch đôn đốc …".
        if ":" in clause.words and not prose:
            return self._subject_first(clause, clause.words.index(":") + 1, prose)
        return None

    def _subject_first(self, clause: Clause, start: int, prose: bool) -> Assignment | None:
        leads, end = self.units(clause, start, unknown_ok=True)
        if leads and self._gives_work(clause, end, prose, all(n.known for n in leads)):
            return self._roles(clause, leads, end)
        return None

    def _gives_work(self, clause: Clause, index: int, prose: bool, known: bool) -> bool:
        if index < len(clause.words) and clause.words[index] == ",":
            index += 1
        if index >= len(clause.words) or clause.words[index] in PAST:
            return False
        if DIRECTIVE_AFTER_SUBJECT.longest_at(clause.words, index) is not None:
            return True
        if (
            not prose
            and known
            and _lower_word(clause, index)
            and SPEECH.longest_at(clause.words, index) is None
            and not clause.text.rstrip().endswith(":")
        ):
            return True  # an item that starts with a known unit: "Phòng A đẩy nhanh …"
        if not (known or not prose) or not self._verb_at(clause, index):
            return False  # in prose, only a known unit followed by a verb is given work
        return not prose or EVALUATIVE.longest_at(clause.words, index) is None

    def _roles(self, clause: Clause, leads: list[Named], index: int) -> Assignment:
        supports: list[Named] = []
        if clause.at(index, (",",)) and (
            clause.at(index + 1, LEAD_MARK) or clause.at(index + 1, SUPPORT_MARK)
        ):
            index += 1
        if clause.at(index, LEAD_MARK):
            index += len(LEAD_MARK)
            if clause.at(index, (",",)):
                index += 1
        if clause.at(index, ("chu", "dong")) and clause.at(index + 2, SUPPORT_MARK):
            index += 2  # "… chủ động phối hợp với B"
        if clause.at(index, SUPPORT_MARK):
            mark, index = index, index + len(SUPPORT_MARK)
            if clause.at(index, ("voi",)) or clause.at(index, ("cung",)):
                index += 1
            supports, index = self.units(clause, index)
            if not supports:  # "… phối hợp và tổ chức thực hiện": work, with no partner named
                index = mark
        action = clause.text[clause.char(index) :].strip(" ,:;")
        return Assignment(leads, supports, action)


def _after_colon(clause: Clause, index: int) -> int:
    """``index``, past a colon right after a trigger ("Yêu cầu: …")."""
    return index + 1 if clause.at(index, (":",)) else index


def _lower_word(clause: Clause, index: int) -> bool:
    """Whether word ``index`` is a word written in lower case (not a joint or a sign)."""
    word = clause.words[index] if index < len(clause.words) else ""
    return word.isalpha() and word != "va" and not clause.capitalised(index)
