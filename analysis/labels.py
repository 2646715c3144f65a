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
        "axis.day_of_publication": "day of publication",
        "axis.week_of_publication": "week of publication (weeks from Monday)",
        "axis.quarter_of_publication": "quarter of publication",
        "axis.year_of_publication": "year of publication",
        "legend.day_without_hits": "day without theme hits",
        "legend.week_without_hits": "week without theme hits",
        "legend.quarter_without_hits": "quarter without theme hits",
        "legend.year_without_hits": "year without theme hits",
        "legend.too_few_documents": "fewer than {minimum} documents: no share drawn",
        "themes.time_title": "Share of theme hits by {resolution} of publication, {span}",
        "resolution.day": "day",
        "resolution.week": "week",
        "resolution.month": "month",
        "resolution.quarter": "quarter",
        "resolution.year": "year",
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
        "legend.count_per_period": "{count} in one {period}",
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
        "network.trimmed_caption": "left out: {count} terms in more than {ceiling} of the {documents} documents "
                                   "({terms})",
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
        # the report page (index.html)
        "report.title": "Korean policy documents: results",
        "report.findings": "What this run found",
        "report.no_findings": "no notebook wrote findings",
        "report.notebooks": "Notebooks",
        "report.no_notebooks": "no notebook was exported",
        "report.figures": "Figures ({count})",
        "report.no_figures": "no figures",
        "report.files": "Tables and network files",
        "report.tables": "Tables: one CSV each (UTF-8), all of them as sheets of results.xlsx; README.md lists "
                         "their columns and units",
        "report.networks": "Networks: GEXF and GraphML (Gephi), .dl (UCINET), .net (Pajek), -matrix.csv (NetMiner)",
        "report.no_files": "no tables or network files were written",
        # notes printed inside the notebooks' cells
        "explore.tab_concordance": "Concordance",
        "explore.tab_document": "Document",
        "explore.tab_themes": "Theme evidence",
        "explore.tab_network": "Keyword network",
        "explore.search": "search",
        "explore.search_placeholder": "term, word form or regular expression",
        "explore.as": "as",
        "explore.sort_by": "sort by",
        "explore.sort_document": "document order",
        "explore.sort_left": "left context",
        "explore.sort_right": "right context",
        "explore.context": "context",
        "explore.publisher": "publisher",
        "explore.type": "type",
        "explore.date_from": "from",
        "explore.date_to": "to",
        "explore.bad_date": "{value!r} is not a date: write it as YYYY-MM-DD (2023-02-07)",
        "explore.open_line": "open line",
        "explore.previous": "◀ previous",
        "explore.next": "next ▶",
        "explore.export": "export CSV",
        "explore.type_a_query": "Type a term, a word form or a regular expression.",
        "explore.canonical": " (canonical term <b>{term}</b>)",
        "explore.lines_shown": "lines {first}-{last}, ",
        "explore.hits": "<b>{hits}</b> hits of <b>{query}</b>{named} in {documents} documents; {shown}page {page} of "
                        "{pages}",
        "explore.written": "{lines} lines written to {path}",
        "explore.document_placeholder": "document id or words of its title",
        "explore.document": "document",
        "explore.show_removed": "show what cleaning removed",
        "explore.choose_document": "Choose a document, or a line of the concordance.",
        "explore.characters": "characters",
        "explore.characters_value": "{raw} raw, {clean} cleaned",
        "explore.cleaning": "cleaning",
        "explore.cleaning_value": "{edits} logged edits, {visible} of them visible",
        "explore.import_notes": "Import notes",
        "explore.no_codebook": "<b>No theme codebook for this corpus</b>: the default lexicon holds none. Write a "
                               "<code>theme_codebook.txt</code> in the corpus's <code>lexicon/</code> folder (README, "
                               "'Your own lexicon and codebook') and open the explorer again.",
        "explore.theme": "theme",
        "explore.theme_scores": "Theme scores of {doc}",
        "explore.sentences_behind": "Sentences behind {theme}",
        "explore.network_later": "The network is drawn when this tab is first opened.",
        "explore.no_network": "No term pair co-occurs often enough for a network.",
        "explore.click_a_term": "Click a term to see its neighbours and its lines.",
        "explore.neighbours": "{term}: {count} neighbours",
        "explore.tab_topics": "Topics",
        "explore.topic": "topic",
        "explore.topics_later": "The topic model is fitted when this tab is first opened (notebook 03's model, read "
                                "from the cache when notebook 03 has run).",
        "explore.no_topic_model": "<b>No topic model for this corpus</b>: {reason}.",
        "explore.topics_fitted": "{k} topics (LDA) over {units} units of {documents} documents",
        "explore.unstable": "unstable",
        "explore.stable": "stable",
        "explore.topic_stability": "{topic}: {kept} of its top {n} terms came back when refitted with {seeds} other "
                                   "seeds: {verdict}",
        "explore.top_terms": "Top terms of {topic} by relevance (λ = {lam})",
        "explore.top_documents": "Documents with the highest share of {topic}",
        "explore.open_document": "open document",
        "explore.column_rank": "rank",
        "explore.column_term": "term",
        "explore.column_phi": "phi, P(term | topic)",
        "explore.column_relevance": "relevance",
        "explore.column_document": "document",
        "explore.column_title": "title",
        "explore.column_share": "share",
        "span.what_documents": "documents",
        "span.what_dates": "dates",
        "span.what_mentioned": "publication and mentioned dates",
        "span.none": "{head}: none dated",
        "span.none_undated": "; {count} without a date",
        "span.range": "{first} to {last}",
        "span.all_shown": "{head}: {dated} dated, all shown ({shown})",
        "span.some_shown": "{head}: {dated} dated, {kept} shown ({shown})",
        "span.before": "; {count} before that ({dates}) left off the figure",
        "span.after": "; {count} after that ({dates}) left off the figure",
        "span.by_rule": " by the {rule}",
        "span.undated": "; {count} without a date, left out",
        "span.rule": "tail rule: dates beyond {fence} x the interquartile range (at least {days} days) from the "
                     "quartiles (at most {tail} of the dates at each end), then, with {minimum} dates or more, edge "
                     "months under {ratio} x the typical month (at most {thin} at each end)",
        "span.no_dates": "no dates",
        "note.documents": "{count} documents, {span}{undated}",
        "note.undated": " ({missing} undated)",
        "note.rows_read": "rows read {read}, kept {kept}, set aside {aside}",
        "note.nothing_set_aside": "nothing set aside or flagged",
        "note.no_import_notes": "no import notes",
        "note.set_aside": "{count} files or rows set aside",
        "note.rebuilt": "log rebuilds the raw text for {ok} of {documents} documents; {spans} logged spans",
        "note.visible_spans": "{doc}: {count} spans with visible text removed or rewritten",
        "note.characters": "characters: {raw} raw -> {clean} clean ({share} removed)",
        "note.tokens": "{sentences} sentences, {tokens} tokens, {terms} distinct terms",
        "note.pairs": "{count} term pairs in at least 2 sentences",
        "note.network": "{terms} terms, {edges} edges, {communities} communities",
        "note.too_few_terms": ": too few terms co-occur for a network",
        "note.paragraph_network": "{pairs} pairs; graph of {terms} terms, {edges} edges",
        "note.keyness_tests": "{tests} tests of a term in a {unit} against the rest; key when G2 > 0 and p < "
                              "{threshold} ({adjust} correction for the number of tests, family-wise alpha {alpha}); "
                              "ranked by Log Ratio",
        "note.no_correction": "no",
        "note.keyness_one": "Keyness compares a {unit} with the rest of the corpus: it needs at least two, and this "
                            "corpus has one.",
        "note.top_terms": "most frequent terms: {terms}",
        "note.no_terms": "none (no terms in this corpus)",
        "note.variant_term": "most frequent term written in more than one form: {term}",
        "note.none": "none",
        "note.documents_read": "{read} of {documents} documents read",
        "note.edge_example": "{source} — {target}: {count} sentences, for example:",
        "note.two_mode_dense": "{density} of the possible {unit}-term links are used at least 3 times; drawn instead: "
                               "each {unit}'s key terms (Log Ratio >= {log_ratio}, Bonferroni-significant G2)",
        "note.two_mode_terms": "{terms} terms; {shared} link more than one {unit}: {names}",
        "note.coverage": "{coded} of {documents} documents ({document_share}) and {coded_sentences} of {sentences} "
                         "sentences ({sentence_share}) have at least one theme hit",
        "note.codebook_misfit": "The codebook codes less than half of the documents: it was not written for this "
                                "corpus. Write your own (README, 'Bringing your own corpus': a theme_codebook.txt in a "
                                "lexicon folder) and run again.",
        "note.topic_units": "{units} units from {documents} documents; {terms} terms; most frequent removed: {removed}",
        "note.no_topic_model": "No topic model: {reason}.",
        "topics.reason_few_units": "{units} units with content terms: too few for a topic model ({needed} needed, "
                                   "ten per topic for two topics); the topics would describe noise",
        "topics.reason_few_terms": "{terms} distinct terms occur in at least {min_df} units: too few for a topic "
                                   "model ({needed} needed)",
        "topics.reason_few_for_two": "{units} units: too few for two topics of ten units each at least",
        "note.topic_sample": "k search and stability refits on a fixed sample of {sampled} of the {units} units",
        "note.topic_fit_sample": "final model fitted on a fixed sample of {fit_sampled} of the {units} units; every "
                                 "unit's topic shares inferred from it ({iterations} sweeps each)",
        "note.empty_documents": "{count} documents without content terms, not modelled: {names}",
        "note.topic_periods": "resolution: {resolution}; {periods} periods with dated documents",
        "note.no_topic_groups": "one publisher and one document type: no topic shares by group",
        "note.no_seeded_topics": "No codebook for this corpus: no seeded topics. A theme_codebook.txt in a lexicon "
                                 "folder seeds them.",
        "note.no_codebook": "No codebook: this corpus has no theme_codebook.txt of its own, and the seeds' AI-policy "
                            "codebook does not describe it. The topics above are its data-driven view; to score your "
                            "own categories, put a theme_codebook.txt in a lexicon folder (README, 'Your own lexicon "
                            "and codebook') and run again.",
        "note.codebook_path": "codebook: {path}",
        "note.codebook_seeds": " (the seeds' own, written from them: its fit here is in-sample)",
        "note.periods": "by {resolution}: {periods} periods, {empty} of them without a dated document, {undrawn} "
                        "without a share drawn; {publishers} publishers",
        "note.no_codebook_types": "no theme codebook for this corpus (a theme_codebook.txt in its lexicon/ folder "
                                  "gives one): no themes by type",
        "note.trimmed": "left out: {count} terms in more than {ceiling} of the {documents} documents: {terms}",
        "note.trim_small": "no term left out: the document-frequency ceiling applies from {threshold} documents",
        "note.trim_none": "no term is in more than {ceiling} of the documents: none left out",
        "note.strongest_document": "{theme}: its strongest document is {doc}",
        "note.embedding_coverage": "top nouns the embedding model knows, per document: {counts}",
        "note.spearman": "Spearman rank correlation over {pairs} pairs: {rho}",
        "note.too_few_to_cluster": "{count} {unit}(s): clustering needs at least three",
        "note.most_similar": "most similar:  {a}  |  {b}  ({similarity})",
        "note.least_similar": "least similar: {a}  |  {b}  ({similarity})",
        "note.no_pair": "one {unit} only: there is no pair to compare",
        "note.no_organization": "no organization found",
        "note.no_theme_hits": "no theme hits: nothing to draw",
        "note.people": "{count} people named with a title",
        "note.date_mentions": "{count} date mentions",
        "note.left_off": "Left off the figure: {dates}",
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
        "axis.day_of_publication": "발행일",
        "axis.week_of_publication": "발행 주 (월요일 시작)",
        "axis.quarter_of_publication": "발행 분기",
        "axis.year_of_publication": "발행 연도",
        "legend.day_without_hits": "주제어 일치가 없는 날",
        "legend.week_without_hits": "주제어 일치가 없는 주",
        "legend.quarter_without_hits": "주제어 일치가 없는 분기",
        "legend.year_without_hits": "주제어 일치가 없는 해",
        "legend.too_few_documents": "문서 {minimum}건 미만: 비율 생략",
        "themes.time_title": "발행 {resolution}별 주제어 일치 비율, {span}",
        "resolution.day": "일",
        "resolution.week": "주",
        "resolution.month": "월",
        "resolution.quarter": "분기",
        "resolution.year": "연도",
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
        "legend.count_per_period": "{period}당 {count}건",
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
        "network.trimmed_caption": "제외: 문서 {documents}건의 {ceiling} 초과에 나오는 용어 {count}개 ({terms})",
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
        "report.title": "한국 정책 문서 분석 결과",
        "report.findings": "이번 실행에서 찾은 것",
        "report.no_findings": "결과를 쓴 노트북이 없습니다",
        "report.notebooks": "노트북",
        "report.no_notebooks": "내보낸 노트북이 없습니다",
        "report.figures": "그림 ({count}개)",
        "report.no_figures": "그림이 없습니다",
        "report.files": "표와 네트워크 파일",
        "report.tables": "표: 표마다 CSV(UTF-8) 하나, 모두 results.xlsx의 시트로도 들어 있음. "
                         "README.md에 열과 단위 설명",
        "report.networks": "네트워크: GEXF와 GraphML(Gephi), .dl(UCINET), .net(Pajek), -matrix.csv(NetMiner)",
        "report.no_files": "표나 네트워크 파일을 쓰지 않았습니다",
        "explore.tab_concordance": "용례 검색",
        "explore.tab_document": "문서",
        "explore.tab_themes": "주제 근거",
        "explore.tab_network": "키워드 네트워크",
        "explore.search": "검색",
        "explore.search_placeholder": "용어, 어형 또는 정규식",
        "explore.as": "방식",
        "explore.sort_by": "정렬",
        "explore.sort_document": "문서 순서",
        "explore.sort_left": "왼쪽 문맥",
        "explore.sort_right": "오른쪽 문맥",
        "explore.context": "문맥 길이",
        "explore.publisher": "발행처",
        "explore.type": "유형",
        "explore.date_from": "시작일",
        "explore.date_to": "종료일",
        "explore.bad_date": "{value!r}은(는) 날짜가 아닙니다: YYYY-MM-DD 형식으로 쓰십시오(2023-02-07)",
        "explore.open_line": "줄 열기",
        "explore.previous": "◀ 이전",
        "explore.next": "다음 ▶",
        "explore.export": "CSV 내보내기",
        "explore.type_a_query": "용어, 어형 또는 정규식을 입력하십시오.",
        "explore.canonical": " (대표 용어 <b>{term}</b>)",
        "explore.lines_shown": "{first}-{last}번째 줄, ",
        "explore.hits": "<b>{query}</b>{named}: 문서 {documents}건에서 <b>{hits}</b>건; {shown}{pages}쪽 중 {page}쪽",
        "explore.written": "{lines}줄을 {path}에 썼습니다",
        "explore.document_placeholder": "문서 ID 또는 제목의 단어",
        "explore.document": "문서",
        "explore.show_removed": "정제로 지운 부분 보기",
        "explore.choose_document": "문서를 고르거나 용례 검색의 줄을 고르십시오.",
        "explore.characters": "글자 수",
        "explore.characters_value": "원문 {raw}, 정제 후 {clean}",
        "explore.cleaning": "정제",
        "explore.cleaning_value": "기록된 편집 {edits}건, 그중 보이는 편집 {visible}건",
        "explore.import_notes": "가져오기 메모",
        "explore.no_codebook": "<b>이 말뭉치에는 주제 코드북이 없습니다</b>: 기본 어휘에는 코드북이 없습니다. 말뭉치의 "
                               "<code>lexicon/</code> 폴더에 <code>theme_codebook.txt</code>를 쓰고(README의 'Your own "
                               "lexicon and codebook') 탐색기를 다시 여십시오.",
        "explore.theme": "주제",
        "explore.theme_scores": "{doc}의 주제 점수",
        "explore.sentences_behind": "{theme}의 근거 문장",
        "explore.network_later": "이 탭을 처음 열 때 네트워크를 그립니다.",
        "explore.no_network": "네트워크를 그릴 만큼 자주 함께 나오는 용어 쌍이 없습니다.",
        "explore.click_a_term": "용어를 누르면 이웃 용어와 용례가 나옵니다.",
        "explore.neighbours": "{term}: 이웃 {count}개",
        "explore.tab_topics": "토픽",
        "explore.topic": "토픽",
        "explore.topics_later": "이 탭을 처음 열 때 토픽 모델을 적합합니다(노트북 03의 모델이며, 노트북 03을 "
                                "실행했다면 캐시에서 읽습니다).",
        "explore.no_topic_model": "<b>이 말뭉치에는 토픽 모델이 없습니다</b>: {reason}.",
        "explore.topics_fitted": "문서 {documents}건의 단위 {units}개에 대한 토픽 {k}개(LDA)",
        "explore.unstable": "불안정",
        "explore.stable": "안정",
        "explore.topic_stability": "{topic}: 다른 시드 {seeds}개로 다시 적합했을 때 상위 용어 {n}개 중 {kept}가 "
                                   "돌아왔습니다: {verdict}",
        "explore.top_terms": "관련도(λ = {lam}) 기준 {topic}의 상위 용어",
        "explore.top_documents": "{topic}의 비중이 가장 높은 문서",
        "explore.open_document": "문서 열기",
        "explore.column_rank": "순위",
        "explore.column_term": "용어",
        "explore.column_phi": "phi, P(용어 | 토픽)",
        "explore.column_relevance": "관련도",
        "explore.column_document": "문서",
        "explore.column_title": "제목",
        "explore.column_share": "비중",
        "span.what_documents": "문서",
        "span.what_dates": "날짜",
        "span.what_mentioned": "발행일과 언급된 날짜",
        "span.none": "{head}: 날짜가 있는 것이 없습니다",
        "span.none_undated": "; 날짜 없는 것 {count}개",
        "span.range": "{first}부터 {last}까지",
        "span.all_shown": "{head}: 날짜 있는 것 {dated}개, 모두 표시({shown})",
        "span.some_shown": "{head}: 날짜 있는 것 {dated}개 중 {kept}개 표시({shown})",
        "span.before": "; 그 이전 {count}개({dates})는 그림에서 뺐습니다",
        "span.after": "; 그 이후 {count}개({dates})는 그림에서 뺐습니다",
        "span.by_rule": " ({rule})",
        "span.undated": "; 날짜 없는 것 {count}개는 뺐습니다",
        "span.rule": "꼬리 규칙: 사분위수에서 사분위범위의 {fence}배(최소 {days}일)를 넘는 날짜(양 끝 각각 최대 "
                     "{tail}), 이어서 날짜가 {minimum}개 이상이면 보통 달의 {ratio}배에 못 미치는 가장자리 달(양 끝 "
                     "각각 최대 {thin})",
        "span.no_dates": "날짜 없음",
        "note.documents": "문서 {count}건, {span}{undated}",
        "note.undated": " (날짜 없는 문서 {missing}건)",
        "note.rows_read": "읽은 행 {read}, 남긴 행 {kept}, 제외한 행 {aside}",
        "note.nothing_set_aside": "제외하거나 표시를 단 행이 없습니다",
        "note.no_import_notes": "가져오기 메모 없음",
        "note.set_aside": "제외한 파일 또는 행 {count}개",
        "note.rebuilt": "정제 기록으로 문서 {documents}건 중 {ok}건의 원문이 그대로 복원됩니다. 기록된 구간 {spans}개",
        "note.visible_spans": "{doc}: 보이는 글자를 지우거나 바꾼 구간 {count}개",
        "note.characters": "글자 수: 원문 {raw}자 -> 정제 후 {clean}자 ({share} 제거)",
        "note.tokens": "문장 {sentences}개, 토큰 {tokens}개, 서로 다른 용어 {terms}개",
        "note.pairs": "두 문장 이상에서 함께 나온 용어 쌍 {count}개",
        "note.network": "용어 {terms}개, 연결 {edges}개, 커뮤니티 {communities}개",
        "note.too_few_terms": ": 함께 나오는 용어가 너무 적어 네트워크를 만들 수 없습니다",
        "note.paragraph_network": "용어 쌍 {pairs}개, 그래프는 용어 {terms}개와 연결 {edges}개",
        "note.keyness_tests": "{unit}마다 나머지와 비교한 용어 검정 {tests}회. G2 > 0이고 p < {threshold}이면 "
                              "특징어(다중검정 보정: {adjust}, 전체 유의수준 {alpha}). Log Ratio 순",
        "note.no_correction": "없음",
        "note.keyness_one": "특징어 분석은 {unit} 하나를 말뭉치의 나머지와 비교하므로 둘 이상이 필요한데, "
                            "이 말뭉치에는 하나뿐입니다.",
        "note.top_terms": "가장 빈번한 용어: {terms}",
        "note.no_terms": "없음 (이 말뭉치에는 용어가 없음)",
        "note.variant_term": "여러 형태로 쓰인 가장 빈번한 용어: {term}",
        "note.none": "없음",
        "note.documents_read": "문서 {documents}건 중 {read}건을 읽음",
        "note.edge_example": "{source} — {target}: 문장 {count}개, 예:",
        "note.two_mode_dense": "가능한 {unit}-용어 연결의 {density}가 3회 이상 쓰여, 대신 {unit}마다 특징어를 그림 "
                               "(Log Ratio >= {log_ratio}, Bonferroni 보정 G2 유의)",
        "note.two_mode_terms": "용어 {terms}개, 그중 {shared}개가 둘 이상의 {unit}을(를) 잇습니다: {names}",
        "note.coverage": "문서 {documents}건 중 {coded}건({document_share}), 문장 {sentences}개 중 {coded_sentences}개"
                         "({sentence_share})에 주제어 일치가 하나 이상 있습니다",
        "note.codebook_misfit": "코드북이 문서의 절반도 코딩하지 못합니다. 이 말뭉치를 위해 쓴 코드북이 아닙니다. "
                                "직접 코드북을 만들어(README의 'Bringing your own corpus': lexicon 폴더의 "
                                "theme_codebook.txt) 다시 실행하세요.",
        "note.topic_units": "문서 {documents}건에서 단위 {units}개, 용어 {terms}개. 제거한 최빈 용어: {removed}",
        "note.no_topic_model": "토픽 모델 없음: {reason}.",
        "topics.reason_few_units": "내용어가 있는 단위가 {units}개뿐이라 토픽 모델에 너무 적습니다({needed}개 필요: "
                                   "토픽 두 개에 토픽마다 열 개). 토픽이 잡음을 묘사하게 됩니다",
        "topics.reason_few_terms": "단위 {min_df}개 이상에 나오는 서로 다른 용어가 {terms}개뿐이라 토픽 모델에 너무 "
                                   "적습니다({needed}개 필요)",
        "topics.reason_few_for_two": "단위 {units}개: 토픽마다 단위 열 개 이상인 토픽 두 개에도 모자랍니다",
        "note.topic_sample": "k 탐색과 안정성 재적합은 단위 {units}개 중 고정 표본 {sampled}개로 했습니다",
        "note.topic_fit_sample": "최종 모델은 단위 {units}개 중 고정 표본 {fit_sampled}개로 적합하고, 모든 단위의 "
                                 "토픽 비중은 그 모델에서 추론했습니다(단위마다 {iterations}회 반복)",
        "note.empty_documents": "내용어가 없어 모형에 넣지 않은 문서 {count}건: {names}",
        "note.topic_periods": "시간 단위: {resolution}. 날짜 있는 문서가 있는 기간 {periods}개",
        "note.no_topic_groups": "발행처와 문서 유형이 하나뿐이라 집단별 토픽 비중이 없습니다",
        "note.no_seeded_topics": "이 말뭉치에는 코드북이 없어 시드 토픽이 없습니다. 어휘 폴더의 theme_codebook.txt가 "
                                 "토픽의 시드가 됩니다.",
        "note.no_codebook": "코드북 없음: 이 말뭉치에는 자체 theme_codebook.txt가 없고, 시드 문서의 AI 정책 코드북은 "
                            "이 말뭉치를 설명하지 않습니다. 위의 토픽이 데이터에서 얻은 관점입니다. 연구자의 범주로 "
                            "점수를 매기려면 어휘 폴더에 theme_codebook.txt를 두고(README의 'Your own lexicon and "
                            "codebook') 다시 실행하십시오.",
        "note.codebook_path": "코드북: {path}",
        "note.codebook_seeds": " (시드 문서에서 만든 시드 자체의 코드북: 여기서의 적합은 표본 내 적합입니다)",
        "note.periods": "{resolution} 단위: 기간 {periods}개, 그중 날짜 있는 문서가 없는 기간 {empty}개, 비중을 그리지 "
                        "않은 기간 {undrawn}개. 발행처 {publishers}곳",
        "note.no_codebook_types": "이 말뭉치에는 주제 코드북이 없어(lexicon/ 폴더의 theme_codebook.txt) 문서 유형별 "
                                  "주제가 없습니다",
        "note.trimmed": "제외: 문서 {documents}건 중 {ceiling}를 넘는 문서에 나오는 용어 {count}개: {terms}",
        "note.trim_small": "제외한 용어 없음: 문서 빈도 상한은 문서 {threshold}건부터 적용됩니다",
        "note.trim_none": "문서의 {ceiling}를 넘게 나오는 용어가 없어 제외한 용어가 없습니다",
        "note.strongest_document": "{theme}: 이 주제가 가장 강한 문서는 {doc}",
        "note.embedding_coverage": "임베딩 모델이 아는 상위 명사 수(문서별): {counts}",
        "note.spearman": "쌍 {pairs}개에 대한 스피어만 순위 상관: {rho}",
        "note.too_few_to_cluster": "{unit} {count}개: 군집 분석에는 셋 이상이 필요합니다",
        "note.most_similar": "가장 유사:  {a}  |  {b}  ({similarity})",
        "note.least_similar": "가장 다름: {a}  |  {b}  ({similarity})",
        "note.no_pair": "{unit}이(가) 하나뿐이라 비교할 쌍이 없습니다",
        "note.no_organization": "찾은 기관이 없습니다",
        "note.no_theme_hits": "주제어 일치가 없어 그릴 것이 없습니다",
        "note.people": "직함과 함께 나온 인물 {count}명",
        "note.date_mentions": "날짜 언급 {count}건",
        "note.left_off": "그림에서 뺀 날짜: {dates}",
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
