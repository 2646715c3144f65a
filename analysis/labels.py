"""Words a reader sees in figures and findings, one table per language: English (the default) and Korean.

Every figure title, axis label, legend entry and empty-figure message, and every heading of the corpus
header, comes from :data:`LABELS` by a short key, never from a string in the plotting code: adding a
language is adding one table with the same keys and the same ``{fields}`` (a test checks both).

The generated findings (:mod:`analysis.findings`) keep their English templates beside the code that
computes their numbers and their other languages' templates in :mod:`analysis.findings.templates`.

The language is ``ANALYSIS_LANG`` (``en`` or ``ko``) until :func:`set_language` chooses one; ``python -m
analysis run --lang ko`` sets it for the notebooks it runs.

Examples
--------
>>> set_language("ko")
>>> label("tfidf.title", unit=label("unit.publisher"))
'발행처별 TF-IDF 상위 10개 용어'
>>> set_language("en")
>>> label("tfidf.title", unit="document")
'Top 10 terms by TF-IDF, per document'
>>> set_language(None)  # back to $ANALYSIS_LANG
"""

from __future__ import annotations

import os
import string

ENV = "ANALYSIS_LANG"
DEFAULT = "en"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        # units a figure or a finding counts by
        "unit.document": "document",
        "unit.documents": "documents",
        "unit.publisher": "publisher",
        "unit.publishers": "publishers",
        # axis labels and legends
        "axis.characters": "characters",
        "axis.theme": "theme",
        "axis.theme_share": "share of theme hits",
        "axis.distance": "distance (1 - similarity)",
        "axis.date": "date",
        "axis.documents": "documents",
        "axis.month_of_publication": "month of publication",
        "axis.organization_type": "organization type",
        "axis.mentions": "mentions",
        "axis.cosine_similarity": "cosine similarity",
        "axis.similarity": "similarity",
        "axis.loading": "loading",
        "axis.tfidf_weight": "TF-IDF weight",
        "axis.log_ratio": "Log Ratio (binary log of the ratio of relative frequencies)",
        "axis.g2_sides": "log-likelihood G2 (right: {right}s, left: {left}s)",
        "legend.kept": "kept",
        "legend.document": "document",
        "legend.term": "term",
        "legend.community": "community",
        "legend.publication": "publication",
        "legend.event": "event, {precision} precision",
        "legend.month_without_hits": "month without theme hits",
        "precision.day": "day",
        "precision.month": "month",
        "precision.year": "year",
        # messages of a figure with nothing to draw
        "empty.no_dates": "no dated documents and no dated mentions",
        "empty.no_amounts": "no money or compute amounts found",
        "empty.no_theme_months": "no dated documents with theme hits",
        # titles and panel headings
        "cleaning.title": "Characters kept and removed by cleaning, per document",
        "cleaning.title_top": "Characters kept and removed by cleaning: the {max_bars} publishers with most removed",
        "amounts.money": "money",
        "amounts.compute": "compute",
        "amounts.heading_one": "{kind} in {unit}: {count} amount",
        "amounts.heading_many": "{kind} in {unit}: {count} amounts",
        "amounts.zeros": " ({zeros} of zero not shown)",
        "amounts.by_group": ", distribution by {group}",
        "amounts.only_zero": "only amounts of zero",
        "amounts.log_axis": "{unit} (log scale)",
        "amounts.other": "other ({count})",
        "tfidf.title": "Top 10 terms by TF-IDF, per {unit}",
        "keyness.title": "Most distinctive terms per {unit} (Log Ratio against the rest; all significant by G2)",
        "themes.heatmap_title": "Share of each {unit}'s theme hits, by policy theme",
        "themes.profile_title": "Theme profile of each {unit}",
        "themes.monthly_title": "Share of theme hits by month of publication, {span}",
        "themes.by_publisher_title": "Share of theme hits by publisher",
        "topics.topic": "topic {k}",
        "topics.title": "NMF topics over sentences: top terms (k = {k}, seed {seed})",
        # the topic model (analysis.topics, analysis.topic_plots)
        "topics.k_title": "Choosing the number of topics: NPMI coherence and held-out likelihood ({units} units)",
        "topics.terms_title": "Topics (LDA, k = {k}, seed {seed}): top terms by relevance (λ = 0.6)",
        "topics.over_time_title": "Topic shares by {resolution}: mean of documents, 95% bootstrap interval",
        "topics.by_group_title": "Mean topic share of the documents of each {group}",
        "axis.k": "number of topics k",
        "axis.npmi": "NPMI coherence (mean over top-10 term pairs)",
        "axis.held_out_ll": "held-out log-likelihood per word",
        "axis.phi": "P(term | topic)",
        "axis.topic": "topic",
        "axis.topic_share": "mean topic share of documents",
        "legend.chosen_k": "chosen k = {k}",
        "resolution.day": "day",
        "resolution.month": "month",
        "resolution.year": "year",
        "resolution.none": "period",
        "empty.no_k_search": "k = {k} was given: no k search",
        "empty.no_periods": "fewer than two periods with dated documents",
        "empty.no_groups": "fewer than two groups",
        "similarity.tfidf_title": "Similarity of {units}: TF-IDF cosine",
        "similarity.embedding_title": "Similarity of {units}: Kiwi word embeddings (soft match of top terms)",
        "dendrogram.title": "Hierarchical clustering of {units} (TF-IDF cosine, average linkage)",
        "doc_types.title": "Distinctive vocabulary of the document types",
        "actors.heatmap_title": "Organization mentions by type and {unit}",
        "amounts.title": "Money by currency and compute by unit, as named in the documents",
        "timeline.title": "Documents (publication) and the dates they mention, {span}",
        "network.sentences_title": "Term co-occurrence within sentences (Jaccard; node size: betweenness)",
        "network.paragraphs_title": "Term co-occurrence within paragraphs (Jaccard; node size: betweenness)",
        "two_mode.title": "{units} and the network's terms they use at least {min_count} times",
        "two_mode.key_title": "{units} and the network terms each uses at least twice as often as the others "
                              "(Log Ratio ≥ {log_ratio}, Bonferroni-significant G2)",
        # findings: heading, corpus header, wording inside parameters
        "findings.title": "Findings of this run",
        "header.corpus": "**Corpus:** {name} · {count} · {dates} · digest `{digest}`",
        "header.run": "**Run:** {time} · {versions}",
        "header.seeds": "the seed documents (`seeds/`)",
        "header.in_memory": "a corpus in memory",
        "header.count_one": "**{count}** document",
        "header.count_many": "**{count}** documents",
        "header.no_dates": "no dates",
        "header.span": "{first} to {last}",
        "header.undated": " ({missing} without a date)",
        "header.outside": " ({outside} dated outside that span, all dates {first} to {last})",
        "header.version_unknown": "{name} (version unknown: not installed as a package)",
        "significance.adjusted": ", {adjust}-corrected for {tests} tests",
    },
    "ko": {
        "unit.document": "문서",
        "unit.documents": "문서",
        "unit.publisher": "발행처",
        "unit.publishers": "발행처",
        "axis.characters": "글자 수",
        "axis.theme": "주제",
        "axis.theme_share": "주제어 일치 비율",
        "axis.distance": "거리 (1 - 유사도)",
        "axis.date": "날짜",
        "axis.documents": "문서 수",
        "axis.month_of_publication": "발행 월",
        "axis.organization_type": "기관 유형",
        "axis.mentions": "언급 수",
        "axis.cosine_similarity": "코사인 유사도",
        "axis.similarity": "유사도",
        "axis.loading": "가중치(loading)",
        "axis.tfidf_weight": "TF-IDF 가중치",
        "axis.log_ratio": "Log Ratio (상대빈도 비의 밑이 2인 로그)",
        "axis.g2_sides": "로그우도 G2 (오른쪽: {right}, 왼쪽: {left})",
        "legend.kept": "남은 글자",
        "legend.document": "문서",
        "legend.term": "용어",
        "legend.community": "커뮤니티",
        "legend.publication": "발행일",
        "legend.event": "언급된 날짜({precision} 단위)",
        "legend.month_without_hits": "주제어 일치가 없는 달",
        "precision.day": "일",
        "precision.month": "월",
        "precision.year": "연",
        "empty.no_dates": "날짜가 있는 문서도, 날짜 언급도 없습니다",
        "empty.no_amounts": "금액이나 연산량이 나오지 않습니다",
        "empty.no_theme_months": "주제어가 일치한, 날짜가 있는 문서가 없습니다",
        "cleaning.title": "문서별 정제 후 남은 글자와 지운 글자",
        "cleaning.title_top": "정제 후 남은 글자와 지운 글자: 가장 많이 지운 발행처 {max_bars}곳",
        "amounts.money": "금액",
        "amounts.compute": "연산량",
        "amounts.heading_one": "{kind}({unit}): {count}건",
        "amounts.heading_many": "{kind}({unit}): {count}건",
        "amounts.zeros": " (0인 {zeros}건은 표시하지 않음)",
        "amounts.by_group": ", {group}별 분포",
        "amounts.only_zero": "0인 금액만 있음",
        "amounts.log_axis": "{unit} (로그 척도)",
        "amounts.other": "기타 ({count})",
        "tfidf.title": "{unit}별 TF-IDF 상위 10개 용어",
        "keyness.title": "{unit}별 특징어 (나머지 대비 Log Ratio, 모두 G2로 유의)",
        "themes.heatmap_title": "{unit}별 정책 주제의 주제어 일치 비율",
        "themes.profile_title": "{unit}별 주제 구성",
        "themes.monthly_title": "발행 월별 주제어 일치 비율, {span}",
        "themes.by_publisher_title": "발행처별 주제어 일치 비율",
        "topics.topic": "토픽 {k}",
        "topics.title": "문장 단위 NMF 토픽의 상위 용어 (k = {k}, 시드 {seed})",
        "topics.k_title": "토픽 수 선택: NPMI 일관성과 보류 표본 우도 (단위 {units}개)",
        "topics.terms_title": "토픽 (LDA, k = {k}, 시드 {seed}): 관련도(λ = 0.6) 상위 용어",
        "topics.over_time_title": "{resolution}별 토픽 비중: 문서 평균, 95% 부트스트랩 구간",
        "topics.by_group_title": "{group}별 문서의 평균 토픽 비중",
        "axis.k": "토픽 수 k",
        "axis.npmi": "NPMI 일관성 (상위 10개 용어 쌍 평균)",
        "axis.held_out_ll": "보류 표본의 단어당 로그우도",
        "axis.phi": "P(용어 | 토픽)",
        "axis.topic": "토픽",
        "axis.topic_share": "문서의 평균 토픽 비중",
        "legend.chosen_k": "선택한 k = {k}",
        "resolution.day": "일",
        "resolution.month": "월",
        "resolution.year": "연도",
        "resolution.none": "기간",
        "empty.no_k_search": "k = {k}로 지정: k 탐색 없음",
        "empty.no_periods": "날짜가 있는 문서의 기간이 둘 미만입니다",
        "empty.no_groups": "집단이 둘 미만입니다",
        "similarity.tfidf_title": "{units} 유사도: TF-IDF 코사인",
        "similarity.embedding_title": "{units} 유사도: Kiwi 단어 임베딩 (상위 용어의 유사 일치)",
        "dendrogram.title": "{units}의 계층적 군집 (TF-IDF 코사인, 평균 연결법)",
        "doc_types.title": "문서 유형별 특징 어휘",
        "actors.heatmap_title": "유형별·{unit}별 기관 언급",
        "amounts.title": "문서에 나온 통화별 금액과 단위별 연산량",
        "timeline.title": "문서(발행일)와 문서가 언급한 날짜, {span}",
        "network.sentences_title": "문장 내 용어 동시출현 (Jaccard, 노드 크기: 매개 중심성)",
        "network.paragraphs_title": "문단 내 용어 동시출현 (Jaccard, 노드 크기: 매개 중심성)",
        "two_mode.title": "{units}와 그 {units}가 {min_count}회 이상 쓴 네트워크 용어",
        "two_mode.key_title": "{units}와 각 {units}가 다른 {units}보다 두 배 이상 자주 쓰는 네트워크 용어 "
                              "(Log Ratio ≥ {log_ratio}, Bonferroni 보정 G2 유의)",
        "findings.title": "이번 실행의 결과",
        "header.corpus": "**말뭉치:** {name} · {count} · {dates} · 다이제스트 `{digest}`",
        "header.run": "**실행:** {time} · {versions}",
        "header.seeds": "시드 문서 (`seeds/`)",
        "header.in_memory": "메모리에 있는 말뭉치",
        "header.count_one": "문서 **{count}**건",
        "header.count_many": "문서 **{count}**건",
        "header.no_dates": "날짜 없음",
        "header.span": "{first} ~ {last}",
        "header.undated": " (날짜 없는 문서 {missing}건)",
        "header.outside": " (이 범위 밖의 날짜 {outside}건, 전체 {first} ~ {last})",
        "header.version_unknown": "{name} (버전 알 수 없음: 패키지로 설치되지 않음)",
        "significance.adjusted": ", 검정 {tests}회에 대한 {adjust} 보정",
    },
}


_chosen: str | None = None


def template_fields(template: str) -> set[str]:
    """The names of a template's ``{fields}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def language() -> str:
    """The language figures and findings are written in: :func:`set_language`'s, else ``$ANALYSIS_LANG``,
    else English.

    >>> set_language(None); language() in LABELS
    True
    """
    lang = _chosen or os.environ.get(ENV, "").strip().lower() or DEFAULT
    if lang not in LABELS:
        raise ValueError(f"{ENV}={lang!r}: no labels in that language; choose one of {sorted(LABELS)}")
    return lang


def set_language(lang: str | None) -> None:
    """Write figures and findings in ``lang`` (``"en"`` or ``"ko"``) from now on; ``None`` goes back to
    ``$ANALYSIS_LANG``.

    >>> set_language("ko"); language()
    'ko'
    >>> set_language(None)
    """
    global _chosen
    if lang is not None:
        lang = str(lang).strip().lower()
        if lang not in LABELS:
            raise ValueError(f"language {lang!r}: no labels in that language; choose one of {sorted(LABELS)}")
    _chosen = lang or None


def label(key: str, **values) -> str:
    """The label ``key`` in the current :func:`language`, its ``{fields}`` filled from ``values``.

    >>> set_language("en"); label("legend.event", precision=label("precision.day"))
    'event, day precision'
    >>> set_language(None)
    """
    table = LABELS[language()]
    if key not in table:
        raise KeyError(f"analysis/labels.py: no label {key!r} in the {language()!r} table")
    template = table[key]
    missing = template_fields(template) - set(values)
    if missing:
        raise KeyError(f"analysis/labels.py: label {key!r} needs {sorted(missing)}")
    return template.format(**values)
