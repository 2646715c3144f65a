"""The findings' wording in each language but English, as data: a translator edits this file only.

English templates are written beside the code that computes their numbers (one module per notebook);
:data:`TEMPLATES` holds, per language, a template for every finding's key, with the same ``{fields}``:

- ``"corpus.size"``: the template for that key;
- ``"comparison.views:agree"``: a wording chosen by the finding's ``variant`` (a side of a threshold that
  the English template writes into its text rather than into a parameter);
- ``"newwords.split+min_count+read"``: a template for a finding that carries optional parameters; the
  entry used is the one with the most fields, all of them parameters of the finding.

Korean has no plural: the English plural nouns (``noun``, ``units`` ...) are parameters a Korean template
leaves out, or translates through :data:`WORDS` (``documents`` -> 문서).
"""

from __future__ import annotations

# Korean for the English words that findings carry as parameters (nouns, units, levels)
WORDS_KO: dict[str, str] = {
    "document": "문서", "documents": "문서", "publisher": "발행처", "publishers": "발행처",
    "line": "줄", "lines": "줄", "amount": "건", "amounts": "건", "mention": "건", "mentions": "건",
    "community": "커뮤니티", "communities": "커뮤니티",
    "little": "적음", "some": "보통", "much": "많음", "none": "없음", "unknown": "알 수 없음",
}

FINDINGS_KO: dict[str, str] = {
    # 01: the corpus and its cleaning
    "corpus.empty": "불러온 문서가 없어 설명할 내용이 없습니다.",
    "corpus.size": "문서는 {documents}건이며, 유형별로는 {types}입니다.",
    "corpus.small": "문서가 {documents}건({threshold}건 미만)뿐이므로, 아래의 모든 결과는 더 넓은 모집단이 아니라 "
                    "이 문서들을 설명합니다.",
    "corpus.no_dates": "발행일이 있는 문서가 없어, 이번 실행의 어떤 결과도 시간 위에 놓을 수 없고 상대적 날짜 표현도 "
                       "풀리지 않은 채 남습니다.",
    "corpus.one_date": "날짜가 있는 문서({dated}/{documents}건)는 모두 발행일이 {first}로 같아, 시간에 따른 변화를 "
                       "보여 줄 수 없습니다.",
    "corpus.dates": "발행일은 {first}부터 {last}까지입니다.",
    "corpus.dates_partly": "발행일은 {first}부터 {last}까지이며, {documents}건 중 {undated}건은 발행일이 없습니다.",
    "corpus.dates_outside": "날짜가 있는 문서 대부분({dated}건 중 {inside}건)은 {start}부터 {end}까지에 모여 있으며"
                            "(시간 축과 같은 규칙), 이 범위 밖의 {outside}건은 범위로 삼지 않고 따로 셉니다(전체 날짜 "
                            "{first} ~ {last}).",
    "corpus.undated": "{documents}건 중 {undated}건은 발행일이 없습니다.",
    "corpus.no_publisher": "발행처를 밝힌 문서가 없어, 발행처를 비교하지 않습니다.",
    "corpus.one_publisher": "발행처가 알려진 문서({known}/{documents}건)는 모두 {publisher}에서 나왔으므로, 발행처 "
                            "비교는 해당하지 않습니다.",
    "corpus.publishers": "발행처는 {publishers}곳이며, 문서가 가장 많은 곳은 {top}입니다.",
    "import.flagged": "가져오기: 읽은 {read}행 중 {kept}행을 남기고 {aside}행을 제외했으며, {flagged}행은 표시를 달아 "
                      "남겼습니다({reasons}).",
    "import.clean": "가져오기: 읽은 {read}행 중 {kept}행을 남기고 {aside}행을 제외했으며, 표시를 단 행은 없습니다.",
    "audit.complete": "기록된 {spans}개 구간을 정제된 텍스트에 되돌려 넣으면 {documents}건 중 {ok}건에서 원문 파일이 "
                      "그대로 복원됩니다.",
    "audit.incomplete": "정제 기록이 불완전합니다: 기록된 {spans}개 구간으로 원문 파일이 복원되는 문서는 {documents}건 "
                        "중 {ok}건뿐입니다.",
    "cleaning.nothing": "정제로 바뀐 텍스트가 없습니다({raw}자).",
    "cleaning.removed": "정제로 전체 글자의 {share}를 지웠고({raw}자에서 {clean}자로), 가장 많이 지운 규칙은 "
                        "{rule}입니다(순 {rule_chars}자).",
    "cleaning.most": "글자를 가장 큰 비율로 잃은 문서는 {doc}입니다: {share}({chars}자).",
    "cleaning.heavy": "{documents}건 중 {heavy}건이 글자의 {threshold} 이상을 잃었으므로, 지워진 구간을 기록에서 "
                      "읽어 볼 만합니다.",
    "tokens.no_terms": "Kiwi가 {tokens}개 토큰에서 내용어를 찾지 못했으므로(읽을 수 있는 한국어 텍스트가 없음), "
                       "용어 기반 노트북에서 셀 것이 없습니다.",
    "tokens.summary": "형태소 분석 결과: 문장 {sentences}개, 토큰 {tokens}개, 서로 다른 용어 {distinct}개이며, "
                      "가장 많이 나온 용어는 {top}입니다.",
    # 02: keywords
    "keywords.no_terms": "셀 내용어가 없으므로(Kiwi가 읽을 수 있는 한국어 텍스트가 없음), 앞서는 용어도 특징어도 "
                         "없습니다.",
    "keywords.leading_everywhere": "가장 많이 나온 용어는 {term}({total}회)이며 {groups}개 {units} 모두에 나타납니다: "
                                   "차이라기보다 공통 기반입니다.",
    "keywords.leading": "가장 많이 나온 용어는 {term}({total}회)이며 {present}/{groups}개 {units}에 나타납니다.",
    "keywords.one_group": "{units}가 {groups}개뿐이라 비교할 대상이 없습니다: 특징어 분석(keyness)에는 {threshold}개 "
                          "이상이 필요합니다.",
    "keywords.key_term": "나머지에 대한 {group}의 가장 강한 특징어(G2 최대): {term} (G2 {g2}, {significance}; "
                         "Log Ratio {log_ratio}).",
    "keywords.no_key_term": "{groups}개 {units} 중 {count}개에서는 {significance} 수준으로 과대 출현하는 용어가 "
                            "없습니다: {without}.",
    "keywords.clear_terms": "{groups}개 {units} 중 {clear}개에서 가장 특징적인 용어가 나머지보다 두 배 이상 자주 "
                            "나옵니다(Log Ratio {threshold} 이상).",
    "kwic.absent": "{term}에 대한 용례(KWIC) 검색 결과가 이 말뭉치에는 없습니다.",
    "kwic.forms": "{term}에 대한 용례 검색 결과는 문서 {documents}건에서 {lines}줄이며, 표기는 {count}가지입니다: "
                  "{forms}.",
    "kwic.lines": "{term}에 대한 용례 검색 결과는 문서 {documents}건에서 {lines}줄입니다.",
    "newwords.none": "Kiwi가 제안하는 신어 후보가 없습니다: 찾을 만큼 반복되는 텍스트가 적습니다.",
    "newwords.none+min_count": "Kiwi가 제안하는 신어 후보(각 {min_count}회 이상)가 없습니다: 찾을 만큼 반복되는 "
                               "텍스트가 적습니다.",
    "newwords.split": "Kiwi가 제안하는 신어 후보: {candidates}개. 그중 Kiwi가 나누어 분석하는 복합어 {split}개는 "
                      "사용자 사전에 넣을지 살펴볼 만합니다(예: {examples}).",
    "newwords.split+min_count": "Kiwi가 제안하는 신어 후보(각 {min_count}회 이상): {candidates}개. 그중 Kiwi가 "
                                "나누어 분석하는 복합어 {split}개는 사용자 사전에 넣을지 살펴볼 만합니다(예: "
                                "{examples}).",
    "newwords.split+read": "읽은 문서 {read}건에서 Kiwi가 제안하는 신어 후보: {candidates}개. 그중 Kiwi가 나누어 "
                           "분석하는 복합어 {split}개는 사용자 사전에 넣을지 살펴볼 만합니다(예: {examples}).",
    "newwords.split+min_count+read": "읽은 문서 {read}건에서 Kiwi가 제안하는 신어 후보(각 {min_count}회 이상): "
                                     "{candidates}개. 그중 Kiwi가 나누어 분석하는 복합어 {split}개는 사용자 사전에 "
                                     "넣을지 살펴볼 만합니다(예: {examples}).",
    "newwords.nothing_to_add": "Kiwi가 제안하는 신어 후보: {candidates}개. Kiwi가 나누어 분석하는 복합어는 없으므로 "
                               "사용자 사전에 넣을 것은 없습니다.",
    "newwords.nothing_to_add+min_count": "Kiwi가 제안하는 신어 후보(각 {min_count}회 이상): {candidates}개. Kiwi가 "
                                         "나누어 분석하는 복합어는 없으므로 사용자 사전에 넣을 것은 없습니다.",
    "newwords.nothing_to_add+read": "읽은 문서 {read}건에서 Kiwi가 제안하는 신어 후보: {candidates}개. Kiwi가 나누어 "
                                    "분석하는 복합어는 없으므로 사용자 사전에 넣을 것은 없습니다.",
    "newwords.nothing_to_add+min_count+read": "읽은 문서 {read}건에서 Kiwi가 제안하는 신어 후보(각 {min_count}회 "
                                              "이상): {candidates}개. Kiwi가 나누어 분석하는 복합어는 없으므로 사용자 "
                                              "사전에 넣을 것은 없습니다.",
    # 03: themes
    "themes.no_codebook": "이 말뭉치에는 주제 코드북이 없어(기본 어휘집에는 코드북이 없음) 주제 점수가 없습니다. 이 "
                          "말뭉치에 맞게 쓴 코드북(`lexicon/` 폴더의 `theme_codebook.txt`, "
                          "`seeds/lexicon/theme_codebook.txt` 형식)이 있으면 점수를 냅니다.",
    "themes.no_hits": "코드북은 여기서 아무것도 코딩하지 못합니다: 문장 {sentences}개 중 어느 것도 {themes}개 주제의 "
                      "키워드나 패턴과 일치하지 않아 읽을 주제 점수가 없습니다. 이 말뭉치에 맞게 쓴 "
                      "코드북(`lexicon/` 폴더의 `theme_codebook.txt`, `seeds/lexicon/theme_codebook.txt` 형식)이 "
                      "필요합니다.",
    "themes.no_hits+codebook": "코드북({codebook})은 여기서 아무것도 코딩하지 못합니다: 문장 {sentences}개 중 어느 "
                               "것도 {themes}개 주제의 키워드나 패턴과 일치하지 않아 읽을 주제 점수가 없습니다. 이 "
                               "말뭉치에 맞게 쓴 코드북(`lexicon/` 폴더의 `theme_codebook.txt`, "
                               "`seeds/lexicon/theme_codebook.txt` 형식)이 필요합니다.",
    "themes.coverage": "코드북은 문장 {sentences}개 중 {coded}개({share})를, 문서 {documents}건 중 "
                       "{coded_documents}건에서 코딩합니다.",
    "themes.coverage+codebook": "코드북({codebook})은 문장 {sentences}개 중 {coded}개({share})를, 문서 {documents}건 "
                                "중 {coded_documents}건에서 코딩합니다.",
    "themes.carried_by": "{theme}: 적중 {hits}건 중 {share}가 {keywords}에서 나옵니다. 점수를 주제로 받아들이기 전에 "
                         "문맥에서 읽어 보십시오.",
    "themes.codes_little": "문장의 {sentence_threshold} 미만 또는 문서의 {document_threshold} 미만만 코딩하므로, 이 "
                           "코드북은 이 말뭉치를 적게 코딩하며 점수도 소수의 문장에 기댑니다. 이 말뭉치에 맞게 쓴 "
                           "코드북(`lexicon/` 폴더의 `theme_codebook.txt`, `seeds/lexicon/theme_codebook.txt` "
                           "형식)이 더 잘 설명할 것입니다.",
    "themes.group_no_hits": "{group}: 주제어 일치가 없습니다.",
    "themes.sole_theme": "{group}: 일치가 있는 주제는 {theme}뿐입니다({hits}건).",
    "themes.clear_lead": "{group}: {theme}이(가) 주제어 일치의 {share}로 뚜렷이 앞서며, {runner}보다 {margin} "
                         "앞섭니다(뚜렷함: {threshold} 이상 앞섬).",
    "themes.narrow_lead": "{group}: {theme}이(가) 주제어 일치의 {share}로 근소하게 앞서며, {runner}보다 {margin} "
                          "앞설 뿐입니다(뚜렷한 선두에 필요한 {threshold}에 못 미침).",
    # 04: document comparison
    "comparison.too_few": "{units}가 {groups}개뿐이라 비교할 쌍이 없습니다: 유사도에는 {threshold}개 이상이 "
                          "필요합니다.",
    "comparison.one_pair": "유일한 쌍({a}, {b})의 TF-IDF 코사인 유사도는 {similarity}이고, 공유 어휘는 "
                           "'{level}'입니다(적음: {low} 미만, 많음: {high} 이상).",
    "comparison.closest": "TF-IDF 코사인으로 가장 가까운 쌍은 {a}·{b}({similarity})이며, 공유 어휘는 "
                          "'{level}'입니다(적음: {low} 미만, 많음: {high} 이상).",
    "comparison.farthest": "가장 먼 쌍은 {a}·{b}({similarity})이며, {pairs}개 쌍의 유사도는 {low_value}에서 "
                           "{high_value} 사이입니다.",
    "comparison.too_few_pairs": "순위를 매길 쌍이 {pairs}개로, 임베딩 관점이 TF-IDF와 같은 순서로 쌍을 놓는지 말하는 "
                                "데 필요한 {threshold}개보다 적습니다.",
    "comparison.views:agree": "두 관점은 어떤 쌍이 가까운지에 대해 일치합니다: {pairs}개 쌍에 대한 스피어만 순위 "
                              "상관계수 {rho} (일치: {threshold} 이상).",
    "comparison.views:disagree": "두 관점은 어떤 쌍이 가까운지에 대해 일치하지 않습니다: {pairs}개 쌍에 대한 스피어만 "
                                 "순위 상관계수 {rho} (일치: {threshold} 이상).",
    "comparison.one_type": "모든 문서가 한 유형({doc_type})이라 문서 유형을 비교할 수 없습니다.",
    "comparison.type_term": "다른 유형에 대비한 {doc_type} 문서의 가장 특징적인 용어: {term} (G2 {g2}).",
    "comparison.types_small": "유형별 문서 수: {counts}. 한 유형의 문서가 {threshold}건 미만이면, 여기서 유형을 가르는 "
                              "것은 이 몇 안 되는 문서가 마침 다룬 내용일 수 있습니다. 유형별 문서가 더 많아야 이를 "
                              "검증할 수 있습니다.",
    # 03: the topic model
    "topics.too_small": "토픽 모델 없음: {reason}.",
    "topics.units": "토픽 모델은 단위 {units}개(문서; 긴 문서는 문단 경계에서 약 {piece_terms}개 용어씩 나눈 "
                    "조각)를 읽습니다. 단위 {min_df}개 이상에 나오는 용어는 {vocabulary}개이며, 가장 빈번한 "
                    "{removed}개({removed_terms})는 제외했습니다.",
    "topics.k_chosen": "k = {k}: k = {grid} 가운데 NPMI 일관성({coherence})과 보류 표본의 단어당 로그우도"
                       "({held_out}) 순위의 합이 가장 좋은 값입니다. 동률이면 일관성이 높은 쪽, 그다음 작은 k입니다.",
    "topics.k_given": "k = {k}는 지정된 값이며, 선택한 값이 아닙니다.",
    "topics.k_at_edge": "k = {k}는 탐색한 값 중 가장 큽니다: 코퍼스에 격자가 닿는 것보다 많은 토픽이 있을 수 있으며, "
                        "`topic_model(tokens, k=...)`로 그 너머를 볼 수 있습니다.",
    "topics.sampled": "k 탐색과 안정성 재적합은 단위 {units}개 중 고정된 무작위 표본 {sampled}개로, 최종 모델은 "
                      "전부로 적합했습니다.",
    "topics.fit_sampled": "최종 모델(코드북이 있으면 시드 모델도)은 단위 {units}개 중 고정된 무작위 표본 "
                          "{fit_sampled}개로 적합했고(k 탐색과 안정성 재적합은 그중 {sampled}개로), 모든 단위의 토픽 "
                          "비중은 그 모델에서 추론했습니다(tomotopy infer, 단위마다 {iterations}회 반복).",
    "topics.empty_documents": "문서 {count}건은 거른 뒤 내용어가 남지 않아 모델에 없습니다(노트북에 목록): {examples}.",
    "topics.stability": "다른 시드 네 개로 다시 적합하면 토픽 {k}개 중 {stable}개가 상위 10개 용어의 {threshold} "
                        "이상을 유지합니다. 불안정한 토픽: {unstable}.",
    "topics.largest": "가장 큰 토픽은 {topic}이며, 문서의 평균 비중은 {share}입니다.",
    "topics.groups_small": "문서가 {threshold}건 이상인 {group_name} 집단이 {min_groups}개 미만이라, 어느 집단이 "
                           "토픽을 이끈다고 말하지 않습니다.",
    "topics.leader": "{topic}: {group}이(가) 이끕니다(평균 비중 {share}, 95% 구간 {low} ~ {high}, 문서 {documents}건).",
    "topics.no_time": "발행일이 둘 이상 없어 추세를 검정하지 않습니다.",
    "topics.rises": "{topic}은(는) 시간에 따라 늘어납니다(발행일에 대한 문서 비중의 OLS 기울기 연 {slope}, "
                    "Bonferroni 보정 p = {p} < {alpha}).",
    "topics.falls": "{topic}은(는) 시간에 따라 줄어듭니다(발행일에 대한 문서 비중의 OLS 기울기 연 {slope}, "
                    "Bonferroni 보정 p = {p} < {alpha}).",
    "topics.no_trend": "늘거나 주는 토픽이 없습니다: 발행일에 대한 문서 비중의 OLS 기울기 중 Bonferroni 보정 p가 "
                       "{alpha} 미만인 것이 없습니다.",
    "topics.seeded": "{theme}: 시드 토픽은 확률의 {mass}를 시드 단어 {seed_words}개에 두고, 상위 10개 용어 중 "
                     "{kept}가 시드 단어이며, {picked}을(를) 새로 모았습니다.",
    # 05: actors, amounts and dates
    "actors.no_organizations": "기관을 찾지 못했습니다(지명 사전에도, 접미사로도).",
    "actors.types": "기관 언급은 {mentions}건이며, 가장 많은 유형은 {types}입니다.",
    "actors.unknown": "이 중 {unknown}건은 접미사로만 유형을 정했으므로 독자가 확인해야 합니다.",
    "actors.no_people": "직함 옆에 나오는 인물이 없습니다(규칙은 그 자리에서 한국인 성씨를 찾습니다).",
    "actors.people": "직함으로 식별한 인물: {people}명.",
    "actors.places": "가장 많이 언급된 장소: {places}.",
    "amounts.no_money": "언급된 금액이 없습니다.",
    "amounts.largest": "{currency}: {count}건이며, 가장 큰 금액은 {doc}의 {text}({amount} {currency})입니다.",
    "amounts.compute": "연산량: {count}건이며, 가장 큰 값은 {doc}의 {text}({peak} TFLOPS)입니다.",
    "dates.none": "달력 위에 놓을 수 있는 날짜 언급이 없습니다.",
    "dates.span": "날짜 언급은 {mentions}건으로 {first}부터 {last}까지이며, 종류별로는 {kinds}입니다.",
    "dates.outside": "그중 {outside}건은 타임라인 범위({start} ~ {end}) 밖에 있습니다.",
    "dates.undated": "발행일이 없는 문서 {undated}건의 상대적 날짜 표현(작년, 이번 달)은 풀 수 없어 제외했습니다.",
    # 06: the keyword network
    "network.no_pairs": "{min_count}개 이상의 문장에 함께 나오는 용어 쌍이 없습니다: 동시출현 네트워크를 만들기에는 "
                        "텍스트가 너무 적습니다.",
    "network.pairs": "{min_count}개 이상의 문장을 공유하는 용어 쌍은 {pairs}개이며, 가장 자주 함께 나오는 쌍({a}, "
                     "{b})은 문장 {count}개를 공유합니다.",
    "network.association": "{threshold}개 이상의 문장에 함께 나오는 쌍 가운데 {a}·{b} 쌍의 연관이 가장 강합니다"
                           "(Jaccard {jaccard}, 문장 {count}개).",
    "network.bridge": "매개 중심성이 가장 높은 용어는 {term}({betweenness})이며, 다음 용어({second})의 {ratio}배 "
                      "이상입니다(용어 {nodes}개, 연결 {edges}개인 그래프). 이 용어가 네트워크의 주된 중개자입니다.",
    "network.betweenness": "매개 중심성이 가장 높은 용어는 {term}({betweenness})이지만, 다음 용어({second})의 "
                           "{ratio}배에 못 미칩니다(용어 {nodes}개, 연결 {edges}개인 그래프). 네트워크를 혼자 "
                           "묶는 용어는 없습니다.",
    "network.trimmed": "문서 {documents}건의 {ceiling} 초과에 나오는 용어는 네트워크에서 제외했습니다(quanteda의 "
                       "dfm_trim과 같은 문서 빈도 상한): 용어 {count}개, 가장 널리 쓰인 것은 {terms}.",
    "network.communities": "모듈성 기준으로 커뮤니티 {communities}개를 찾았으며, 가장 큰 커뮤니티(용어 {size}개)의 "
                           "중심은 {terms}입니다.",
    "network.two_mode": "2-모드 그래프의 용어 {terms}개 중 {shared}개는 둘 이상의 {unit}에서 쓰입니다.",
    "network.two_mode_key": "각 {unit}가 네트워크 용어 대부분을 쓰므로(가능한 연결의 {density}), 2-모드 "
                            "그래프는 각 {unit}의 핵심어만 잇습니다. 핵심어가 있는 {unit}는 {groups}곳이고, 용어 "
                            "{terms}개가 적어도 한 {unit}의 핵심어이며, 그중 {shared}개는 둘 이상의 {unit}의 "
                            "핵심어입니다.",
}


# language code -> its tables (English is the templates in the code)
WORDS: dict[str, dict[str, str]] = {"ko": WORDS_KO}
TEMPLATES: dict[str, dict[str, str]] = {"ko": FINDINGS_KO}
