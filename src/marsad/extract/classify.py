"""Event-type classifier: one sentence or snippet -> ACLED sub-event type (or None).

Why this design and not a transformer: marsad runs offline with no model downloads, builds
each stage in any worker process, and must classify a sentence in well under a millisecond
(budget 0.2 ms). So the classifier is two cheap parts, both built from the repo's own data
(nothing downloaded). Training takes seconds, so the trained state (arrays only, no
pickle) is saved in the user's cache folder under a hash of what it was trained from and
loaded from there by later processes (see :func:`load_classifier`):

1. A linear model: TF-IDF word 1-2-grams (seen at least twice, so one-off place names do
   not become evidence) + character 3-5-grams (``char_wb``, robust to spelling and
   inflection), feeding a one-vs-rest LinearSVC (liblinear, fixed ``random_state``,
   balanced class weights). LinearSVC trains in a fraction of the time of lbfgs logistic
   regression; its margins become a ranking via a softmax with a temperature. C=0.5 was
   kept although cross-validation on our own examples prefers less regularisation: held-out
   news is written differently from our examples, and stronger regularisation transfers better.
   Training data (``data/training_examples*.jsonl``, read by ``load_example_files``) are
   sentences we wrote ourselves from
   the ACLED codebook's sub-event definitions, in the style of wire reports from many
   countries and of Syrian-war reporting, plus hard negatives labelled ``NOT_EVENT``
   (natural and industrial disasters, accidents, crime, diplomacy, claims and denials,
   courts, health, sports, page junk). No evaluation data is used for training.
   File layout: ``training_examples.jsonl`` is the first round; each further round is a
   themed file beside it (``training_examples_protests.jsonl``, ``_territory``, ``_groups``,
   ``_negatives``...). All match ``training_examples*.jsonl`` and are read in sorted name
   order; a text (after ``normalize``) seen in an earlier file is skipped in later ones,
   so the first file's label wins.
2. Pattern rules (``data/event_rules.json``): high-precision cues per sub-type ("suicide
   bomber", "tear gas", "chlorine", a state actor as the subject of "captured"...). A rule
   that fires adds its weight (possibly negative) to that label's score; it can require
   further cues (``all``) or be blocked by one (``none``). Rules encode the codebook's hard
   distinctions that a bag of words learns poorly from a few thousand examples: who takes
   territory (state vs non-state, by force vs by handover), whether protesters were
   violent (riot) or met force (intervention / excessive force), that a specific weapon
   names the sub-type even amid "fighting", and that criminal violence, accidents and
   statements about attacks are not ACLED events.

3. A stacker: multinomial logistic regression on [SVM margins, rule flags], fitted on
   3-fold *out-of-fold* margins of our own examples, so it learns per label how far to trust
   each margin and each rule (a rule may also lower other labels) instead of hand-set rule
   weights. Its C (0.1) was chosen by cross-validation on our own examples (own-data CV
   weighted F1 0.905 hand weights -> 0.917 stacked); it adds ~0.7 s to the load.

4. Context augmentation: snippets to classify are often 2-3 sentences, our examples one.
   Every other example is also trained with a neutral background sentence
   (``data/context_sentences.txt``, written by us) before or after it, same label, so
   surrounding context does not move the prediction.

The ranking is the stacker's softmax (``stack_C=None`` falls back to
``softmax(temperature * margin + rule weights)``). Everything is deterministic: the same
data gives the same model and predictions in every process.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import operator
import re
from typing import Any, TypeGuard, cast
from itertools import chain
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from ..core.cache import cache_dir, write_atomic
from ..errors import MarsadError
from ..model import SUB_EVENT_TO_TYPE
from .rule_cues import WORDS as _WORDS, cue_index, has_cue, rule_cues

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).with_name("data")
NOT_EVENT = "NOT_EVENT"  # label used in the data files for "not an ACLED event"

_DIGITS = re.compile(r"\d+")
_WORD_CACHE = 50000  # words whose char n-gram columns one classifier remembers
_SPACE = re.compile(r"\s+")
# a vocabulary hit (column 0 counts); C-speed `is not None`, typed as the TypeGuard it is
_is_column = cast("Callable[[int | None], TypeGuard[int]]", functools.partial(operator.is_not, None))
_SVM_TOL = 1e-2  # liblinear stopping tolerance: 1e-3 took 40% longer to load, same CASE labels


class ClassifierDataError(MarsadError, ValueError):
    """The training examples or rule file are missing or malformed."""


@dataclass(frozen=True)
class Prediction:
    """The classifier's answer for one text."""

    sub_event_type: str | None
    event_type: str | None
    score: float
    ranking: list[tuple[str | None, float]] = field(default_factory=list)
    #: names of the rules that fired (for explanations / debugging)
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    name: str
    label: str
    weight: float
    any: re.Pattern
    all: tuple[re.Pattern, ...] = ()
    none: re.Pattern | None = None

    def fires(self, text: str) -> bool:
        if not self.any.search(text):
            return False
        if any(not p.search(text) for p in self.all):
            return False
        return not (self.none is not None and self.none.search(text))


def normalize(text: str) -> str:
    """Lower-case, collapse whitespace and map digit runs to 0 (numbers carry no type)."""
    return _SPACE.sub(" ", _DIGITS.sub("0", text.lower())).strip()


def _alternation(patterns: Sequence[str], where: str) -> re.Pattern:
    try:
        return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")
    except re.error as exc:
        raise ClassifierDataError(f"bad regex in {where}: {exc}") from None


def load_examples(path: Path | None = None) -> list[tuple[str, str]]:
    """Read ``{"text", "label"}`` lines; label is a sub-event type or ``NOT_EVENT``."""
    path = path or DATA_DIR / "training_examples.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ClassifierDataError(f"cannot read training examples {path}: {exc}") from None
    out: list[tuple[str, str]] = []
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, label = row["text"], row["label"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ClassifierDataError(f"{path}:{i}: not a {{text, label}} record ({exc})") from None
        if label != NOT_EVENT and label not in SUB_EVENT_TO_TYPE:
            raise ClassifierDataError(f"{path}:{i}: unknown label {label!r}")
        out.append((text, label))
    if not out:
        raise ClassifierDataError(f"no training examples in {path}")
    return out


def load_example_files(base: Path | None = None) -> list[tuple[str, str]]:
    """Every ``training_examples*.jsonl`` in ``base`` in sorted order, deduplicated on the
    normalized text (first occurrence kept)."""
    base = base or DATA_DIR
    paths = sorted(base.glob("training_examples*.jsonl"))
    if not paths:
        raise ClassifierDataError(f"no training_examples*.jsonl in {base}")
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for path in paths:
        for text, label in load_examples(path):
            key = normalize(text)
            if key not in seen:
                seen.add(key)
                out.append((text, label))
    return out


def load_rules(path: Path | None = None) -> list[Rule]:
    """Read the rule file: a list of {name, label, weight, any, all?, none?}."""
    path = path or DATA_DIR / "event_rules.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ClassifierDataError(f"cannot read rules {path}: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        raise ClassifierDataError(f"{path}: expected an object with a 'rules' list")
    rules = []
    for r in raw["rules"]:
        name = r.get("name", "?")
        label = r.get("label")
        if label != NOT_EVENT and label not in SUB_EVENT_TO_TYPE:
            raise ClassifierDataError(f"rule {name!r}: unknown label {label!r}")
        if not r.get("any"):
            raise ClassifierDataError(f"rule {name!r}: needs a non-empty 'any' list")
        rules.append(Rule(
            name=name,
            label=label,
            weight=float(r.get("weight", 1.0)),
            any=_alternation(r["any"], name),
            all=tuple(_alternation(group, name) for group in r.get("all", [])),
            none=_alternation(r["none"], name) if r.get("none") else None,
        ))
    return rules


# scikit-learn is imported only to train (or when a caller asks for the sklearn
# vectorizers): importing it costs about a second, and a classifier loaded from the cache
# predicts with numpy alone (scipy.sparse, 0.1 s of start-up, is imported to train and by
# ``_features``; predictions multiply the rows themselves, in scipy's order: same floats).

@functools.cache
def _char_vectorizer_class() -> type:
    from sklearn.feature_extraction.text import TfidfVectorizer

    class _CharNgramVectorizer(TfidfVectorizer):
        """A ``char_wb`` TfidfVectorizer whose fit reuses each word's n-grams: the training
        texts repeat words, and every context-augmented copy repeats a whole example. Same
        n-grams in the same order as sklearn's, so the same vocabulary and weights; the fit
        is ~2x faster."""

        def fit_transform(self, raw_documents, y=None):
            self._gram_cache: dict[str, list[str]] | None = {}
            try:
                return super().fit_transform(raw_documents, y)
            finally:
                self._gram_cache = None

        def _char_wb_ngrams(self, text_document):
            cache = getattr(self, "_gram_cache", None)
            if cache is None:
                return super()._char_wb_ngrams(text_document)
            out: list[str] = []
            for w in self._white_spaces.sub(" ", text_document).split():
                grams = cache.get(w)
                if grams is None:
                    grams = cache[w] = super()._char_wb_ngrams(w)
                out.extend(grams)
            return out

    return _CharNgramVectorizer


def __getattr__(name: str):
    if name == "_CharNgramVectorizer":   # built on first use (it subclasses sklearn's)
        return _char_vectorizer_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: the two vectorizers' settings: (analyzer, ngram_range, token_pattern, sklearn kwargs)
_WORD_PATTERN = r"(?u)\b\w+\b"
_CHAR_PATTERN = r"(?u)\b\w\w+\b"   # sklearn's default (char_wb does not tokenize)


def _word_vectorizer(**fitted: Any) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    return _fitted(TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                   min_df=2, token_pattern=_WORD_PATTERN), **fitted)


def _char_vectorizer(**fitted: Any) -> Any:
    return _fitted(_char_vectorizer_class()(analyzer="char_wb", ngram_range=(3, 5),
                                            sublinear_tf=True, min_df=2, max_features=60000),
                   **fitted)


def _fitted(vec: Any, vocab: dict[str, int] | None = None, idf: np.ndarray | None = None) -> Any:
    if vocab is not None:
        vec.vocabulary_ = vocab
        vec.idf_ = idf
    return vec


class _Block:
    """Read-only view of a fitted TF-IDF vectorizer: analyzer, vocabulary and idf weights.
    Built from a fitted sklearn ``TfidfVectorizer`` (:meth:`of`) or from its saved
    vocabulary and weights (the two shapes EventClassifier uses, without sklearn)."""

    def __init__(self, kind: str, ngram_range: tuple[int, int], vocab: dict[str, int],
                 idf: np.ndarray, token_pattern: str,
                 analyze: Callable[[str], list[str]] | None = None, fast: bool = True):
        # sklearn's preprocessor with lowercase=True and no accent stripping is str.lower,
        # and its tokenizer the compiled token pattern's findall
        self.preprocess: Callable[[str], str] = str.lower
        self.tokenize: Callable[[str], list[str]] = re.compile(token_pattern).findall
        self.analyze = analyze
        self.vocab = vocab
        self.idf = idf
        self.size = len(self.idf)
        # the two shapes EventClassifier uses get a fast path with the same output
        self.kind = kind
        self.ngram_range = tuple(ngram_range)
        self.fast_words = fast and self.kind == "word" and self.ngram_range == (1, 2)
        self.fast_chars = fast and self.kind == "char_wb"
        if analyze is None and not (self.fast_words or self.fast_chars):
            raise ClassifierDataError(f"no analyzer for a {kind} {ngram_range} block")
        #: word -> its char_wb n-gram columns, in analyzer order (words recur across texts)
        self._word_cols: dict[str, tuple[int, ...]] = {}

    @classmethod
    def of(cls, vectorizer: Any) -> _Block:
        fast = (vectorizer.stop_words is None and vectorizer.strip_accents is None
                and vectorizer.lowercase and vectorizer.preprocessor is None
                and vectorizer.tokenizer is None)
        return cls(vectorizer.analyzer, vectorizer.ngram_range, vectorizer.vocabulary_,
                   vectorizer.idf_, vectorizer.token_pattern, vectorizer.build_analyzer(), fast)

    def add_columns(self, doc: str, out: list[int]) -> int:
        """Append the column of every n-gram of ``doc`` found in the vocabulary (repeats
        kept) to ``out``; return how many were appended."""
        get = self.vocab.get
        before = len(out)
        if self.fast_words:
            tokens = self.tokenize(self.preprocess(doc))
            out.extend(filter(_is_column, map(get, chain(tokens, map(" ".join,
                                                                        zip(tokens, tokens[1:]))))))
        elif self.fast_chars:
            cache = self._word_cols
            for w in self.preprocess(doc).split():
                cols = cache.get(w)
                if cols is None:
                    if len(cache) >= _WORD_CACHE:
                        cache.clear()
                    cols = cache[w] = tuple(j for j in map(get, self._char_grams(w))
                                            if j is not None)
                out.extend(cols)
        else:
            assert self.analyze is not None   # checked in __init__
            out.extend(j for j in map(get, self.analyze(doc)) if j is not None)
        return len(out) - before

    def _char_grams(self, word: str) -> list[str]:
        """sklearn's ``_char_wb_ngrams`` for one whitespace-free word."""
        w = " " + word + " "
        w_len = len(w)
        out = []
        lo, hi = self.ngram_range
        for n in range(lo, hi + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < w_len:
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:  # a short word is counted once
                break
        return out


class EventClassifier:
    """TF-IDF + logistic regression, adjusted by pattern rules. Read-only after __init__."""

    def __init__(self, examples: Sequence[tuple[str, str]], rules: Sequence[Rule] = (),
                 *, C: float = 0.5, temperature: float = 4.0,
                 class_weight: str | None = "balanced", stack_C: float | None = 0.1,
                 folds: int = 3, context: Sequence[str] = (), augment_every: int = 2):
        texts = [normalize(t) for t, _ in examples]
        labels = [lab for _, lab in examples]
        # Snippets are often 2-3 sentences, our examples one: every `augment_every`-th example
        # is also trained with a neutral background sentence before or after it (same label).
        ctx = [normalize(c) for c in context]
        aug_src = [i for i in range(len(texts)) if ctx and i % augment_every == 0]
        aug = [f"{ctx[i * 7 % len(ctx)]} {texts[i]}" if i % 4 else f"{texts[i]} {ctx[i * 7 % len(ctx)]}"
               for i in aug_src]
        from sklearn.svm import LinearSVC

        word, char = _word_vectorizer(), _char_vectorizer()
        every = texts + aug
        from scipy import sparse

        X_all = sparse.hstack([word.fit_transform(every), char.fit_transform(every)]).tocsr()
        X, X_aug = X_all[:len(texts)], X_all[len(texts):]
        # LinearSVC (liblinear, one-vs-rest) trains in ~0.1 s; lbfgs logistic regression
        # took seconds. Margins are turned into a ranking by a softmax with a temperature.
        model = LinearSVC(C=C, random_state=0, max_iter=5000, class_weight=class_weight, tol=_SVM_TOL)
        model.fit(X_all, labels + [labels[i] for i in aug_src])
        self._vectorizers: tuple[Any, Any] | None = (word, char)
        self._setup([str(c) for c in model.classes_], rules, model.coef_.T.copy(),
                    model.intercept_.copy(), temperature, (_Block.of(word), _Block.of(char)))
        if stack_C and len(self.rules):
            # One BLAS thread: the fits are tiny, and with several threads on a busy machine
            # the solver's wall time swung from 0.5 s to 10 s.
            with threadpool_limits(limits=1):
                self._fit_stack(X, np.asarray(labels), texts, C, class_weight, stack_C, folds,
                                X_aug, np.asarray(aug_src, dtype=np.int64))

    def _setup(self, labels: list[str], rules: Sequence[Rule], coef: np.ndarray,
               intercept: np.ndarray, temperature: float, blocks: tuple[_Block, _Block]) -> None:
        """The read-only state predictions use, from the vectorizers' vocabularies and the
        SVM weights: shared by training and :meth:`from_state`."""
        self.temperature = temperature
        self.labels = labels
        self._index = {lab: i for i, lab in enumerate(self.labels)}
        self.rules = tuple(r for r in rules if r.label in self._index)
        self._rule_col = tuple(self._index[r.label] for r in self.rules)
        self._public_labels = [None if lab == NOT_EVENT else lab for lab in self.labels]
        # Plain arrays: scoring with them skips sklearn's per-call validation (~30% of time).
        self._coef = coef
        self._intercept = intercept
        self._blocks = blocks
        self._block_offsets = tuple(np.cumsum([0] + [b.size for b in self._blocks[:-1]]).tolist())
        self._n_features = sum(b.size for b in self._blocks)
        self._idf = np.concatenate([b.idf for b in self._blocks])
        self._cues = tuple(rule_cues(r.any, r.all) for r in self.rules)
        self._cue_index = cue_index(self._cues)
        self._cue_words = frozenset(self._cue_index[0])
        self._stack_coef: np.ndarray | None = None
        self._stack_intercept: np.ndarray | None = None
        self.stack_temperature: float | None = None

    def state(self) -> dict[str, np.ndarray]:
        """Everything the trained classifier predicts from, as plain numpy arrays (strings
        as unicode arrays, no Python objects): :meth:`from_state` with the same rules gives
        a classifier with the same predictions, bit for bit."""
        state = {
            "labels": np.array(self.labels, dtype=str),
            "rules": np.array([r.name for r in self.rules], dtype=str),
            "coef": self._coef, "intercept": self._intercept,
            "temperature": np.array(self.temperature, dtype=np.float64),
        }
        for name, block in zip(("word", "char"), self._blocks):
            terms = np.empty(len(block.vocab), dtype=object)
            for term, col in block.vocab.items():
                terms[col] = term
            state[f"{name}_terms"] = terms.astype(str)
            state[f"{name}_idf"] = np.asarray(block.idf, dtype=np.float64)
        if self._stack_coef is not None and self._stack_intercept is not None:
            state["stack_coef"] = self._stack_coef
            state["stack_intercept"] = self._stack_intercept
            state["stack_temperature"] = np.array(self.stack_temperature, dtype=np.float64)
        return state

    @classmethod
    def from_state(cls, state: Mapping[str, np.ndarray], rules: Sequence[Rule]) -> EventClassifier:
        """The classifier :meth:`state` describes, without training. ``rules`` must be the
        rules it was trained with (checked by name and order); a state that does not fit
        together raises ``ClassifierDataError``."""
        self = cls.__new__(cls)
        self._vectorizers = None   # sklearn's, built only if asked for (see ``word``)
        blocks = []
        for name, kind, ngrams, pattern in (("word", "word", (1, 2), _WORD_PATTERN),
                                            ("char", "char_wb", (3, 5), _CHAR_PATTERN)):
            terms = state[f"{name}_terms"].tolist()
            idf = np.asarray(state[f"{name}_idf"], dtype=np.float64)
            vocab = dict(zip(terms, range(len(terms))))
            if idf.shape != (len(terms),) or len(vocab) != len(terms):
                raise ClassifierDataError(f"saved classifier: bad {name} vocabulary")
            blocks.append(_Block(kind, ngrams, vocab, idf, pattern))
        labels = [str(x) for x in state["labels"].tolist()]
        coef, intercept = np.asarray(state["coef"]), np.asarray(state["intercept"])
        self._setup(labels, rules, coef, intercept, float(state["temperature"]),
                    (blocks[0], blocks[1]))
        if [r.name for r in self.rules] != [str(x) for x in state["rules"].tolist()]:
            raise ClassifierDataError("saved classifier: trained with other rules")
        if coef.shape != (self._n_features, len(labels)) or intercept.shape != (len(labels),):
            raise ClassifierDataError("saved classifier: weights do not fit the vocabulary")
        if "stack_coef" in state:
            stack_coef = np.asarray(state["stack_coef"])
            stack_intercept = np.asarray(state["stack_intercept"])
            if (stack_coef.shape != (len(labels) + len(self.rules), len(labels))
                    or stack_intercept.shape != (len(labels),)):
                raise ClassifierDataError("saved classifier: stacker does not fit")
            self._stack_coef, self._stack_intercept = stack_coef, stack_intercept
            self.stack_temperature = float(state["stack_temperature"])
        return self

    @property
    def word(self) -> Any:
        """The fitted sklearn word vectorizer (made from the vocabulary when loaded)."""
        return self._sklearn_vectorizers()[0]

    @property
    def char(self) -> Any:
        """The fitted sklearn character n-gram vectorizer."""
        return self._sklearn_vectorizers()[1]

    def _sklearn_vectorizers(self) -> tuple[Any, Any]:
        if self._vectorizers is None:
            w, c = self._blocks
            self._vectorizers = (_word_vectorizer(vocab=w.vocab, idf=w.idf),
                                 _char_vectorizer(vocab=c.vocab, idf=c.idf))
        return self._vectorizers

    def _rule_matrix(self, norm: Sequence[str]) -> np.ndarray:
        flags = np.zeros((len(norm), len(self.rules)))
        by_word, by_sub, always = self._cue_index
        rules, cues = self.rules, self._cues
        findall = _WORDS.findall
        cue_words = self._cue_words
        for row, text in enumerate(norm):
            # a rule cannot fire unless one of its cues is in the text: skip its regexes
            candidates = set(always)
            words = set(findall(text))
            for w in words & cue_words:
                candidates.update(by_word[w])
            for sub, ks in by_sub:
                if sub in text:
                    candidates.update(ks)
            if not candidates:
                continue
            for k in sorted(candidates):
                all_cues = cues[k][1]
                if all_cues and not all(has_cue(c, words, text) for c in all_cues):
                    continue
                if rules[k].fires(text):
                    flags[row, k] = 1.0
        return flags

    def _fit_stack(self, X, y, norm, C, class_weight, stack_C, folds, X_aug, aug_src) -> None:
        """Learn how much each rule and each SVM margin counts, per label, from out-of-fold
        SVM margins on our own examples (the evaluation sets play no part). The vectorizers
        are shared across folds (unsupervised); only the SVM is refitted per fold."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold
        from scipy import sparse
        from sklearn.svm import LinearSVC

        margins = np.zeros((len(y), len(self.labels)))
        skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
        for train, test in skf.split(np.zeros(len(y)), y):
            svm = LinearSVC(C=C, random_state=0, max_iter=5000, class_weight=class_weight, tol=_SVM_TOL)
            extra = np.isin(aug_src, train)  # context copies of this fold's training rows
            svm.fit(sparse.vstack([X[train], X_aug[extra]]).tocsr(),
                    np.concatenate([y[train], y[aug_src[extra]]]))
            cols = [self._index[lab] for lab in svm.classes_]
            margins[np.ix_(test, cols)] = svm.decision_function(X[test])
        feats = np.hstack([margins, self._rule_matrix(norm)])
        lr = LogisticRegression(C=stack_C, max_iter=500, class_weight=class_weight,
                                solver="newton-cg")  # lbfgs: same fit, ~5x slower here
        lr.fit(feats, y)
        if list(lr.classes_) != self.labels:
            raise ClassifierDataError("stacker and SVM disagree on the label set")
        # Temperature scaling on the same out-of-fold features: the regularised stacker is
        # under-confident, and the coder reads ``score`` as a confidence (0.3 / 0.7 cut-offs).
        logits = feats @ lr.coef_.T + lr.intercept_
        gold = np.searchsorted(lr.classes_, y)
        best_t, best_nll = 1.0, np.inf
        for t in np.arange(0.5, 6.01, 0.1):
            z = logits * t
            z -= z.max(axis=1, keepdims=True)
            nll = -(z[np.arange(len(y)), gold] - np.log(np.exp(z).sum(axis=1))).mean()
            if nll < best_nll - 1e-12:
                best_t, best_nll = float(t), nll
        self.stack_temperature = best_t
        self._stack_coef = lr.coef_.T * best_t
        self._stack_intercept = lr.intercept_ * best_t

    def _features(self, norm: list[str]) -> Any:
        """The matrix ``hstack([word.transform(norm), char.transform(norm)])`` as a scipy
        CSR matrix (see :meth:`_csr_parts`)."""
        from scipy import sparse

        vals, col, indptr = self._csr_parts(norm)
        shape = (len(norm), self._n_features)
        if not len(vals):
            return sparse.csr_matrix(shape)
        return sparse.csr_matrix((vals, col, indptr), shape=shape)

    def _csr_parts(self, norm: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The feature matrix of ``norm`` as CSR arrays (values, columns, row pointers),
        built without sklearn's per-call input validation, and with the n-gram counting and
        the l2 norms done for the whole batch at once in numpy (equal to sklearn's up to
        float rounding)."""
        cols: list[int] = []
        lens: list[int] = []   # entries per (document, block) segment
        blocks = tuple(zip(self._blocks, self._block_offsets))
        for doc in norm:
            for block, _ in blocks:
                lens.append(block.add_columns(doc, cols))
        if not cols:
            return (np.zeros(0), np.zeros(0, dtype=np.int64),
                    np.zeros(len(norm) + 1, dtype=np.int64))
        n_blocks = len(blocks)
        seg_of = np.repeat(np.arange(len(lens), dtype=np.int64), lens)   # doc * n_blocks + block
        col_arr = np.array(cols, dtype=np.int64) + np.take(self._block_offsets, seg_of % n_blocks)
        keys, counts = np.unique(seg_of * self._n_features + col_arr, return_counts=True)
        seg, col = np.divmod(keys, self._n_features)
        vals = (np.log(counts) + 1.0) * self._idf[col]                      # sublinear tf * idf
        norms = np.sqrt(np.bincount(seg, weights=vals * vals, minlength=len(lens)))
        vals /= norms[seg]                                                   # l2 per block
        indptr = np.zeros(len(norm) + 1, dtype=np.int64)
        np.cumsum(np.bincount(seg // n_blocks, minlength=len(norm)), out=indptr[1:])
        return vals, col, indptr

    def _margins(self, norm: list[str]) -> np.ndarray:
        """``features(norm) @ coef``. scipy's CSR product starts each row at zero and adds
        value x weight row for its entries in column order; the first calls of a process
        do the same in numpy (an accumulate per row: the same floats, bit for bit), so a
        process that codes one article never imports scipy.sparse (0.1 s); later calls use
        scipy, faster on many rows."""
        global _NUMPY_CALLS
        if _NUMPY_CALLS > 0:
            _NUMPY_CALLS -= 1
            vals, col, indptr = self._csr_parts(norm)
            out = np.zeros((len(norm), self._coef.shape[1]),
                           dtype=np.result_type(vals, self._coef))
            if len(vals):
                prods = vals[:, None] * self._coef[col]
                for r, (s, e) in enumerate(zip(indptr[:-1].tolist(), indptr[1:].tolist())):
                    if e > s:
                        out[r] = np.add.accumulate(prods[s:e], axis=0)[-1]
            return out
        return np.asarray(self._features(norm) @ self._coef)

    def predict_many(self, texts: Iterable[str]) -> list[Prediction]:
        norm = [normalize(t) for t in texts]
        if not norm:
            return []
        margins = self._margins(norm) + self._intercept
        flags = self._rule_matrix(norm)
        if self._stack_coef is not None:
            logp = np.hstack([margins, flags]) @ self._stack_coef + self._stack_intercept
        else:
            logp = margins * self.temperature + flags @ self._rule_weights()
        fired = [tuple(self.rules[k].name for k in np.flatnonzero(row)) for row in flags]
        logp -= logp.max(axis=1, keepdims=True)
        probs = np.exp(logp)
        probs /= probs.sum(axis=1, keepdims=True)
        orders = np.argsort(-probs, axis=1, kind="stable")
        labels = self._public_labels
        out = []
        for order, prow, names in zip(orders.tolist(), probs.tolist(), fired):
            ranking = [(labels[j], prow[j]) for j in order]
            best, score = ranking[0]
            out.append(Prediction(best, SUB_EVENT_TO_TYPE.get(best) if best else None,
                                  score, ranking, names))
        return out

    def _rule_weights(self) -> np.ndarray:
        """Hand-set weights (rules x labels), used when the stacker is switched off."""
        w = np.zeros((len(self.rules), len(self.labels)))
        for k, (rule, col) in enumerate(zip(self.rules, self._rule_col)):
            w[k, col] = rule.weight
        return w

    def predict(self, text: str) -> Prediction:
        return self.predict_many([text])[0]


#: calls of :meth:`EventClassifier._margins` left to do in numpy before scipy is imported
_NUMPY_CALLS = 4

#: bump when the saved state's layout changes (the code hash changes with it anyway)
_STATE_FORMAT = "1"
#: the modules whose code decides what training produces (hashed into the cache key)
_CODE_FILES = (Path(__file__), Path(__file__).with_name("rule_cues.py"))


@functools.lru_cache(maxsize=4)
def load_classifier(data_dir: str | None = None) -> EventClassifier:
    """The classifier built from the repo's data files (or ``data_dir``'s).

    Training takes seconds, so the trained state is kept in the cache folder
    (:func:`marsad.core.cache.cache_dir`) under a key hashing the training data, the rule
    and context files, this module's code and the numpy / scipy / scikit-learn versions:
    the first process trains and saves it, later ones load it (well under a second), and
    any change to what training depends on gives a new key, so a stale model is never
    read. A saved file that cannot be read or does not fit is logged and rebuilt, never
    an error; a cache folder that cannot be written only costs the next start its training.

    Safe to load: the file is written by marsad itself into the user's own cache folder,
    and holds only numeric and string arrays read with ``numpy.load(allow_pickle=False)``
    (no pickle, so reading it runs no code). Cached in the process too because it is a
    pure function of its files; the returned classifier is never mutated, so sharing it
    within a process is safe.
    """
    base = Path(data_dir) if data_dir else DATA_DIR
    rules = load_rules(base / "event_rules.json")
    folder = cache_dir()
    path = folder / f"classifier-{_cache_key(base)}.npz" if folder is not None else None
    if path is not None and path.exists():
        try:
            with np.load(path, allow_pickle=False) as saved:
                state = {k: saved[k] for k in saved.files}
            clf = EventClassifier.from_state(state, rules)
            log.debug("event classifier loaded from %s", path)
            return clf
        except Exception as exc:  # noqa: BLE001 - any unreadable cache is rebuilt
            log.warning("event classifier cache %s is unreadable (%s: %s); rebuilding it",
                        path, type(exc).__name__, exc)
    clf = EventClassifier(load_example_files(base), rules,
                          context=load_context(base / "context_sentences.txt"))
    if path is not None:
        try:
            write_atomic(path, lambda fh: np.savez(fh, allow_pickle=False, **clf.state()))
            log.info("event classifier trained and saved to %s", path)
        except OSError as exc:
            log.warning("cannot save the event classifier to %s (%s); it is trained again "
                        "in the next process", path, exc)
    return clf


def _sklearn_version() -> str:
    """scikit-learn's version, without importing it (a second of start-up)."""
    import sys
    if "sklearn" in sys.modules:
        return str(sys.modules["sklearn"].__version__)
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("scikit-learn")
    except PackageNotFoundError:
        return "unknown"


def _cache_key(base: Path) -> str:
    """Hash of everything training reads and runs: the data files (names and bytes), the
    code of this module, and the library versions."""
    import scipy

    h = hashlib.sha256()
    for part in (_STATE_FORMAT, np.__version__, scipy.__version__, _sklearn_version()):
        h.update(part.encode() + b"\0")
    files = [*sorted(base.glob("training_examples*.jsonl")), base / "event_rules.json",
             base / "context_sentences.txt"]
    for path in (*files, *_CODE_FILES):
        h.update(path.name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except FileNotFoundError:
            h.update(b"\0missing")
        h.update(b"\0")
    return h.hexdigest()[:32]


def load_context(path: Path) -> list[str]:
    """Background sentences for training-time augmentation; a missing file means none."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise ClassifierDataError(f"cannot read context sentences {path}: {exc}") from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
