/* The ASP calculator page: plain JavaScript, no build step, no third-party code.
 *
 * It builds an OpenFisca situation from the form, posts it to /explain (falling back to the
 * stock /calculate when the server has no /explain), shows the result and the explanation,
 * and exports the case as an OpenFisca YAML test.
 *
 * The fields follow the input contract from GET /meta: the months covered, the languages and
 * their number formats, each input's range, default and enumeration values, and the income
 * kinds. Nothing of it is copied here. Amounts are read by numbers.js.
 */
"use strict";

(function () {
  const numbers = window.aspNumbers;
  const HOUSEHOLD_OUTPUTS = [
    "asp_type", "asp_ineligibility_reason", "household_size", "asp_total_income", "per_capita_income",
    "poverty_line", "asp_amount", "asp_child_supplement", "asp_total", "asp_assignment_months",
    "gsp_preschool_children", "gsp_school_children",
  ];
  const PERSON_OUTPUTS = ["is_family_member", "is_able_bodied", "asp_person_amount", "age"];
  const state = {
    meta: null, // GET /meta: the input contract (inputs, income kinds, months, languages, number formats)
    lang: "en",
    strings: {},
    cache: {},
    memberSeq: 0,
    last: null, // {request, response, period, personIds}
    yaml: "",
  };

  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  /* ---------- translations ---------- */

  function t(key, params) {
    let text = state.strings[key];
    if (typeof text !== "string") text = key;
    if (params) {
      for (const [name, value] of Object.entries(params)) text = text.split("{" + name + "}").join(value);
    }
    return text;
  }

  /** The contract of one input (type, range, default, enum...) from GET /meta. */
  function input(name) {
    return state.meta.inputs[name] || {};
  }

  function numberFormat() {
    return state.meta.number_formats[state.lang] || state.meta.number_formats.en;
  }

  /** GET /meta in `lang` (its labels are the variables' own, for fields the page has no string for). */
  async function loadMeta(lang) {
    if (!state.cache["meta:" + lang]) {
      const response = await fetch("meta?lang=" + encodeURIComponent(lang));
      if (!response.ok) throw new Error("meta: HTTP " + response.status);
      state.cache["meta:" + lang] = await response.json();
    }
    state.meta = state.cache["meta:" + lang];
    const month = $("#month");
    month.min = state.meta.coverage.first_month;
    month.max = state.meta.coverage.last_month;
  }

  /** An element's text in the page's language; a field's label falls back to its variable's label.
   * {window} is the coverage window in words, from GET /meta ("from January 2018 to December 2026"). */
  function translate(element) {
    const key = element.dataset.i18n;
    const text = t(key, { window: state.meta.coverage.window });
    const field = element.dataset.for && state.meta.inputs[element.dataset.for];
    element.textContent = text === key && field && field.label ? field.label : text;
  }

  async function loadStrings(lang) {
    if (!state.cache[lang]) {
      const response = await fetch("i18n/" + lang + ".json");
      if (!response.ok) throw new Error("i18n/" + lang + ".json: HTTP " + response.status);
      state.cache[lang] = await response.json();
    }
    return state.cache[lang];
  }

  function pickInitialLanguage() {
    const fromUrl = new URLSearchParams(window.location.search).get("lang");
    const langs = state.meta.languages;
    if (langs.includes(fromUrl)) return fromUrl;
    try {
      const saved = window.localStorage.getItem("asp-lang");
      if (langs.includes(saved)) return saved;
    } catch (_error) { /* storage may be disabled */ }
    for (const language of navigator.languages || [navigator.language || ""]) {
      const code = String(language).slice(0, 2).toLowerCase();
      if (langs.includes(code)) return code;
    }
    return "en";
  }

  async function setLanguage(lang, options) {
    await loadMeta(lang);
    state.strings = await loadStrings(lang);
    state.lang = lang;
    document.documentElement.lang = lang;
    try { window.localStorage.setItem("asp-lang", lang); } catch (_error) { /* ignore */ }
    const url = new URL(window.location.href);
    url.searchParams.set("lang", lang);
    window.history.replaceState(null, "", url);
    applyTranslations();
    if (options && options.recalculate && state.last) await calculate({ quiet: true });
  }

  function applyTranslations() {
    for (const element of $$("[data-i18n]")) translate(element);
    document.title = t("page.title");
    for (const button of $$(".lang-switch button")) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === state.lang));
    }
    fillRegions();
    renumberMembers();
    updateQuarter();
    if (state.last) renderResult(state.last.response, state.last.personIds);
    if (state.yaml) $("#yaml-output").value = state.yaml;
  }

  function fillRegions() {
    const select = $("#region");
    const region = input("region");
    const current = state.pendingRegion || select.value || region.form_default || region.default;
    state.pendingRegion = null;
    const regions = state.strings.regions || {};
    select.textContent = "";
    const named = region.enum.filter((key) => key !== region.default);
    const sorted = named.sort((a, b) => (regions[a] || a).localeCompare(regions[b] || b, state.strings.locale));
    for (const key of sorted) select.add(new Option(regions[key] || key, key));
    select.add(new Option(t("form.region_unknown"), region.default)); // the national minimum stands in (an estimate)
    select.value = current;
  }

  /** A select's options are the input's enumeration values (labels from the page's strings). */
  function fillEnumSelect(select) {
    const contract = input(select.dataset.var);
    if (!Array.isArray(contract.enum)) return;
    const existing = {};
    for (const option of Array.from(select.options)) existing[option.value] = option;
    for (const option of Array.from(select.options)) if (option.value && !contract.enum.includes(option.value)) option.remove();
    for (const value of contract.enum) {
      if (existing[value]) { select.appendChild(existing[value]); continue; }
      select.appendChild(new Option(value, value));
    }
    if (!existing[""]) select.value = contract.default;
  }

  /** A checkbox's value for its input: checked, or not checked where it asks the opposite (data-negated). */
  function boxValue(box) {
    return box.hasAttribute("data-negated") ? !box.checked : box.checked;
  }

  /** A checkbox starts at its input's default (or form_default), from the contract. */
  function setBoxDefault(box) {
    const contract = input(box.dataset.var);
    const value = Boolean(contract.form_default !== undefined ? contract.form_default : contract.default);
    box.checked = box.hasAttribute("data-negated") ? !value : value;
  }

  /* ---------- periods ---------- */

  function currentMonth() {
    const now = new Date();
    const month = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0");
    const coverage = state.meta.coverage;
    if (month < coverage.first_month) return coverage.first_month;
    return month > coverage.last_month ? coverage.last_month : month;
  }

  function validMonth(value) {
    const coverage = state.meta.coverage;
    return new RegExp(state.meta.month_pattern).test(value) && value >= coverage.first_month && value <= coverage.last_month;
  }

  /** The calendar quarter before the one containing `period` ("YYYY-MM"): {year, first, start}. */
  function referenceQuarter(period) {
    let year = Number(period.slice(0, 4));
    let quarter = Math.floor((Number(period.slice(5, 7)) - 1) / 3) - 1;
    if (quarter < 0) { quarter = 3; year -= 1; }
    const first = quarter * 3 + 1; // 1-based first month
    return { year: year, first: first, start: year + "-" + String(first).padStart(2, "0") };
  }

  function quarterWords(period) {
    const q = referenceQuarter(period);
    const names = state.strings.months || [];
    return { months: names[q.first - 1] + "–" + names[q.first + 1], year: String(q.year) };
  }

  function updateQuarter() {
    const period = $("#month").value;
    const note = $("#quarter-note");
    if (!validMonth(period)) { note.textContent = ""; return; }
    const words = quarterWords(period);
    note.textContent = t("form.quarter", Object.assign({ month: monthWords(period) }, words));
    for (const legend of $$(".income-legend")) legend.textContent = t("form.income_legend", words);
    $("#income-heading").textContent = t("form.income_heading", words);
  }

  /* ---------- members ---------- */

  function addMember(values, options) {
    state.memberSeq += 1;
    const uid = "m" + state.memberSeq;
    const fragment = $("#member-template").content.cloneNode(true);
    const fieldset = fragment.querySelector("fieldset");
    fieldset.dataset.uid = uid;
    const mainGrid = $(".income-main", fieldset);
    const moreGrid = $(".income-more", fieldset);
    for (const name of state.meta.income.main) mainGrid.appendChild(incomeField(name));
    for (const name of state.meta.income.more) moreGrid.appendChild(incomeField(name));
    const age = $("[data-var=age]", fieldset);
    age.type = "text"; // read by the page: a number field would drop or reinterpret separators
    age.inputMode = "numeric";
    age.min = String(input("age").minimum);
    age.max = String(input("age").maximum);
    for (const select of $$("select[data-var]", fieldset)) fillEnumSelect(select);
    for (const box of $$("input[type=checkbox][data-var]", fieldset)) setBoxDefault(box);
    for (const control of $$("[data-var]", fieldset)) control.id = uid + "-" + control.dataset.var;
    for (const label of $$("label[data-for]", fieldset)) label.htmlFor = uid + "-" + label.dataset.for;
    // The carer question: three answers (worked out from the family, yes, no); the quick box is its "yes".
    const quick = $(".carer-quick", fieldset);
    quick.id = uid + "-carer-quick";
    $(".carer-quick-label", fieldset).htmlFor = quick.id;
    for (const radio of $$(".carer input[type=radio]", fieldset)) {
      radio.name = uid + "-carer";
      radio.id = uid + "-carer-" + (radio.value || "auto");
      radio.nextElementSibling.htmlFor = radio.id;
      radio.addEventListener("change", () => { quick.checked = carerValue(fieldset) === "true"; });
    }
    quick.addEventListener("change", () => {
      if (quick.checked) setCarer(fieldset, "true");
      else if (carerValue(fieldset) === "true") setCarer(fieldset, "");
    });
    const sexField = $(".sex-field", fieldset);
    age.addEventListener("input", () => showSex(fieldset));
    $(".remove-member", fieldset).addEventListener("click", () => removeMember(fieldset));
    for (const [name, value] of Object.entries(values || {})) {
      if (name === "is_caregiver") { setCarer(fieldset, String(value)); continue; }
      const control = $("[data-var=" + name + "]", fieldset);
      if (!control) continue;
      if (control.type === "checkbox") control.checked = Boolean(value);
      else control.value = String(value);
    }
    $(".income", fieldset).hidden = incomeMode() !== "person";
    sexField.hidden = true;
    $("#members").appendChild(fragment);
    showSex(fieldset);
    for (const element of $$("[data-i18n]", fieldset)) translate(element);
    renumberMembers();
    updateQuarter();
    if (state.last) $("#stale").hidden = false;
    if (options && options.focus) {
      $("[data-var=age]", fieldset).focus();
      announce(t("form.member_added", { n: memberFieldsets().length }));
    }
    return fieldset;
  }

  /** The carer answer of a member: "" (worked out from the family), "true" or "false". */
  function carerValue(fieldset) {
    const checked = $(".carer input[type=radio]:checked", fieldset);
    return checked ? checked.value : "";
  }

  function setCarer(fieldset, value) {
    for (const radio of $$(".carer input[type=radio]", fieldset)) radio.checked = radio.value === value;
    $(".carer-quick", fieldset).checked = value === "true";
  }

  /** Sex is asked from 16 (it sets the pension age), or when it was already chosen. */
  function showSex(fieldset) {
    const age = numbers.parseWhole($("[data-var=age]", fieldset).value, 3);
    const sex = $("[data-var=sex]", fieldset);
    $(".sex-field", fieldset).hidden = !(age >= 16 || sex.value);
  }

  function incomeMode() {
    const checked = $("input[name=income-mode]:checked");
    return checked ? checked.value : "family";
  }

  /** Switching between family totals and per-person income carries the amounts over: the totals
   * go to the applicant's fields; per-person amounts are added up into the totals. */
  function setIncomeMode(mode) {
    const kinds = state.meta.income.main.concat(state.meta.income.more);
    const members = memberFieldsets();
    if (mode === "person") {
      for (const name of kinds) {
        const total = $("#family-" + name);
        const own = members.length ? $("[data-var=" + name + "]", members[0]) : null;
        if (total.value.trim() && own && !own.value.trim()) own.value = total.value;
        total.value = "";
      }
    } else {
      for (const name of kinds) {
        let sum = 0;
        let any = false;
        for (const fieldset of members) {
          const field = $("[data-var=" + name + "]", fieldset);
          const value = readNumber(field);
          if (field.value.trim() && Number.isFinite(value)) { sum += value; any = true; }
          field.value = "";
        }
        if (any) $("#family-" + name).value = plainNumber(sum);
      }
    }
    $("#family-income").hidden = mode !== "family";
    for (const fieldset of members) $(".income", fieldset).hidden = mode !== "person";
    const radio = document.getElementById("income-mode-" + mode);
    if (radio) radio.checked = true;
  }

  function incomeField(name) {
    const wrapper = document.createElement("div");
    wrapper.className = "field";
    const label = document.createElement("label");
    label.dataset.for = name;
    label.dataset.i18n = input(name).label_key;
    const field = document.createElement("input");
    field.type = "text"; // not "number": the browser would drop a decimal comma (150000,50)
    field.inputMode = "decimal";
    field.dataset.var = name;
    field.dataset.income = "true";
    field.autocomplete = "off";
    const error = document.createElement("p");
    error.className = "field-error";
    error.hidden = true;
    error.dataset.error = name;
    wrapper.append(label, field, error);
    return wrapper;
  }

  function memberFieldsets() {
    return $$("#members > fieldset.member");
  }

  function removeMember(fieldset) {
    const list = memberFieldsets();
    const index = list.indexOf(fieldset);
    if (index <= 0) return;
    fieldset.remove();
    renumberMembers();
    if (state.last) $("#stale").hidden = false;
    const remaining = memberFieldsets();
    // Focus the member that took the removed one's place, or the add button after the last one.
    (index < remaining.length ? $("[data-var=age]", remaining[index]) : $("#add-member")).focus();
    announce(t("form.member_removed", { n: remaining.length }));
  }

  function renumberMembers() {
    memberFieldsets().forEach((fieldset, index) => {
      const n = index + 1;
      $(".member-title", fieldset).textContent = index === 0 ? t("form.applicant_title") : t("form.member_title", { n: n });
      const remove = $(".remove-member", fieldset);
      remove.hidden = index === 0;
      remove.textContent = t("form.remove_member", { n: n });
      for (const error of $$("[data-error]", fieldset)) {
        const control = $("[data-var=" + error.dataset.error + "]", fieldset);
        error.id = control.id + "-error";
        control.setAttribute("aria-describedby", error.id);
      }
    });
  }

  /* ---------- reading and checking the form ---------- */

  function setFieldError(control, message) {
    const error = document.getElementById(control.id + "-error");
    if (message) {
      control.setAttribute("aria-invalid", "true");
      if (error) { error.textContent = message; error.hidden = false; }
    } else {
      control.removeAttribute("aria-invalid");
      if (error) { error.textContent = ""; error.hidden = true; }
    }
  }

  /** An amount as typed, with the separators the page prints in this language; NaN if unclear. */
  function readNumber(control) {
    if (control.validity && control.validity.badInput) return NaN;
    return numbers.parseAmount(control.value, numberFormat());
  }

  /** The example of an amount in the error message, written as the page writes numbers. */
  function amountExample() {
    return new Intl.NumberFormat(numberFormat().locale, { minimumFractionDigits: 2 }).format(150000.5);
  }

  /** Builds {situation, period, personIds} from the form, or returns null after marking errors. */
  function readForm() {
    const invalid = [];
    const month = $("#month");
    const period = month.value;
    setFieldError(month, validMonth(period) ? "" : t("err.month", { window: state.meta.coverage.window }));
    if (!validMonth(period)) invalid.push(month);
    const quarter = validMonth(period) ? referenceQuarter(period) : null;
    const quarterKey = quarter ? "month:" + quarter.start + ":3" : null;

    const persons = {};
    const personIds = [];
    memberFieldsets().forEach((fieldset, index) => {
      const id = "person_" + (index + 1);
      personIds.push(id);
      const person = {};
      const ageInput = $("[data-var=age]", fieldset);
      const ageRange = input("age");
      const age = numbers.parseWhole(ageInput.value, String(ageRange.maximum).length);
      const ageOk = Number.isFinite(age) && age >= ageRange.minimum && age <= ageRange.maximum;
      setFieldError(ageInput, ageOk ? "" : t("err.age", { min: ageRange.minimum, max: ageRange.maximum }));
      if (!ageOk) invalid.push(ageInput);
      person.age = { [period]: age };
      // Sex sets the pension age, so it is required from the age of able-bodiedness (16).
      const sexInput = $("[data-var=sex]", fieldset);
      const sexMissing = !sexInput.value && ageOk && Number(age) >= 16;
      setFieldError(sexInput, sexMissing ? t("err.sex") : "");
      if (sexMissing) invalid.push(sexInput);
      if (sexInput.value) person.sex = { ETERNITY: sexInput.value };
      const disability = $("[data-var=disability_group]", fieldset).value;
      if (disability !== input("disability_group").default) person.disability_group = { [period]: disability };
      for (const box of $$("input[type=checkbox][data-var]", fieldset)) {
        const contract = input(box.dataset.var);
        const value = boxValue(box);
        if (contract.type === "bool" && value !== contract.default) person[box.dataset.var] = { [period]: value };
      }
      const carer = carerValue(fieldset);
      if (carer) person.is_caregiver = { [period]: carer === "true" };
      // Income: each member's own fields, or the family's totals given on the applicant (the rules
      // count the sum of the members' income, so the total is the same).
      for (const name of state.meta.income.main.concat(state.meta.income.more)) {
        const field = incomeMode() === "family" ? (index === 0 ? $("#family-" + name) : null) : $("[data-var=" + name + "]", fieldset);
        if (!field) continue;
        const value = readNumber(field);
        setFieldError(field, Number.isFinite(value) ? "" : t("err.income", { example: amountExample() }));
        if (!Number.isFinite(value)) invalid.push(field);
        else if (value > 0 && quarterKey) person[name] = { [quarterKey]: value };
      }
      persons[id] = person;
    });
    // Family totals rest on the applicant: an applicant excluded from the family would take them out.
    const applicant = memberFieldsets()[0];
    const excluded = applicant && $$(".exclusions input[type=checkbox][data-var]", applicant)
      .some((box) => boxValue(box) !== input(box.dataset.var).default);
    if (incomeMode() === "family" && excluded && !invalid.length) {
      invalid.push(document.getElementById("income-mode-person"));
      $("#form-error").dataset.reason = "family_income";
    }

    const household = { applicants: [personIds[0]], members: personIds.slice(1), region: { [period]: $("#region").value } };
    for (const box of $$("#family-circumstances [data-var]")) {
      const name = box.dataset.var;
      if (boxValue(box) !== input(name).default) household[name] = { [period]: boxValue(box) };
    }

    const formError = $("#form-error");
    if (invalid.length) {
      formError.textContent = formError.dataset.reason === "family_income" ? t("err.family_income") : t("err.fix");
      delete formError.dataset.reason;
      formError.hidden = false;
      const first = invalid[0];
      const details = first.closest("details");
      if (details) details.open = true;
      first.focus();
      return null;
    }
    formError.hidden = true;
    formError.textContent = "";
    return { situation: { persons: persons, households: { household: household } }, period: period, personIds: personIds };
  }

  /* ---------- talking to the API ---------- */

  function describeError(body, status) {
    if (!body) return "HTTP " + status;
    if (typeof body === "string") return body;
    if (Array.isArray(body.errors) && body.errors.length) {
      return body.errors.map((error) => {
        const place = errorPlace(error.path || error.field);
        const where = place.text || error.path || "";
        return (where ? where + ": " : "") + error.message;
      }).join("; ");
    }
    if (typeof body.error === "string") return body.error;
    const lines = [];
    const walk = (value, path) => {
      if (value && typeof value === "object" && typeof value.message === "string") {
        const where = value.path || value.field;
        lines.push(where ? where + ": " + value.message : value.message);
        return;
      }
      if (value === null || value === undefined) return;
      if (typeof value === "string" || typeof value === "number") {
        lines.push(path.length ? path.join(" › ") + ": " + value : String(value));
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => walk(item, path.concat(String(i))));
      } else {
        for (const [key, item] of Object.entries(value)) walk(item, ["error", "message", "detail"].includes(key) ? path : path.concat(key));
      }
    };
    walk(body, []);
    return lines.join("; ") || "HTTP " + status;
  }

  async function postJson(url, payload) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload),
    });
    let body = null;
    const text = await response.text();
    try { body = text ? JSON.parse(text) : null; } catch (_error) { body = text; }
    return { status: response.status, ok: response.ok, body: body };
  }

  /** Stock OpenFisca /calculate, reshaped like /explain's answer (no steps). */
  async function calculateWithoutExplanation(request) {
    const situation = JSON.parse(JSON.stringify(request.situation));
    const period = request.period;
    const household = situation.households.household;
    for (const name of HOUSEHOLD_OUTPUTS) household[name] = { [period]: null };
    for (const person of Object.values(situation.persons)) {
      for (const name of PERSON_OUTPUTS) if (!(name in person)) person[name] = { [period]: null };
    }
    const answer = await postJson("calculate", situation);
    if (!answer.ok) return answer;
    const h = answer.body.households.household;
    const value = (name) => h[name][period];
    const persons = {};
    for (const [id, person] of Object.entries(answer.body.persons)) {
      persons[id] = {};
      for (const name of PERSON_OUTPUTS) persons[id][name] = person[name][period];
    }
    const type = value("asp_type");
    const reason = value("asp_ineligibility_reason");
    const result = {
      eligible: type !== "none",
      asp_type: type,
      asp_type_label: (state.strings.asp_type || {})[type] || type,
      reason: reason,
      reason_label: reason,
      poverty_line_source: null,
      persons: persons,
    };
    for (const name of HOUSEHOLD_OUTPUTS) if (!(name in result)) result[name] = value(name);
    return { status: 200, ok: true, body: { result: result, steps: [], warnings: [], explained: false } };
  }

  async function calculate(options) {
    const request = readForm();
    if (!request) return;
    const quiet = options && options.quiet;
    const status = $("#status");
    status.textContent = t("status.calculating");
    $("#calculate").disabled = true;
    try {
      let answer = await postJson("explain", {
        situation: request.situation, household: "household", period: request.period, lang: state.lang,
      });
      if (answer.status === 404 || answer.status === 405) answer = await calculateWithoutExplanation(request);
      if (!answer.ok) {
        markServerErrors(answer.body);
        showError(t("err.server", { message: describeError(answer.body, answer.status) }));
        status.textContent = "";
        return;
      }
      state.last = { request: request, response: answer.body, period: request.period, personIds: request.personIds };
      state.yaml = "";
      $("#yaml-output").hidden = true;
      $("#copy-yaml").hidden = true;
      $("#download-yaml").hidden = true;
      $("#export-status").textContent = "";
      state.changes = null;
      renderResult(answer.body, request.personIds);
      // The family's answers in the URL fragment (never sent to the server): the link reopens them.
      window.history.replaceState(null, "", shareUrl());
      $("#share-url").value = window.location.href;
      $("#share-status").textContent = "";
      loadChanges(request, answer.body);
      status.textContent = t("status.done", { verdict: $("#verdict").textContent });
      if (!quiet) $("#results-heading").focus();
    } catch (error) {
      showError(t("err.network"));
      status.textContent = "";
    } finally {
      $("#calculate").disabled = false;
    }
  }

  /** The form control a server error's path names ("persons/person_2/age/2024-03"), and its name
   * as the form shows it ("Member 2 › Age (full years)"). */
  function errorPlace(path) {
    const parts = String(path || "").split("/");
    let control = null;
    let prefix = "";
    if (parts[0] === "persons") {
      const index = Number(String(parts[1]).replace("person_", "")) - 1;
      const fieldset = memberFieldsets()[index];
      if (fieldset && parts[2]) control = $("[data-var=" + CSS.escape(parts[2]) + "]", fieldset);
      // Family totals are sent on the applicant: the error belongs to the family's field.
      if (index === 0 && incomeMode() === "family" && KINDS().includes(parts[2])) control = document.getElementById("family-" + parts[2]);
      if (fieldset) prefix = $(".member-title", fieldset).textContent + " › ";
    } else if (parts[0] === "households" && parts[2]) {
      control = parts[2] === "region" ? $("#region") : document.getElementById("hh-" + parts[2]);
    } else if (parts[0] === "period") {
      control = $("#month");
    }
    const label = control && control.labels && control.labels[0];
    return { control: control, text: label ? prefix + label.textContent.replace(/\s*\*$/, "").trim() : "" };
  }

  /** Marks the form controls that the server's errors name. */
  function markServerErrors(body) {
    const errors = body && Array.isArray(body.errors) ? body.errors : [];
    for (const error of errors) {
      const control = errorPlace(error.path || error.field).control;
      if (control && control.id) {
        setFieldError(control, error.message);
        const details = control.closest("details");
        if (details) details.open = true;
      }
    }
  }

  function showError(message) {
    const formError = $("#form-error");
    formError.textContent = message;
    formError.hidden = false;
    formError.setAttribute("tabindex", "-1");
    formError.focus();
  }

  /* ---------- showing the result ---------- */

  function money(value) {
    const number = Number(value) || 0;
    const whole = Math.abs(number - Math.round(number)) < 0.005;
    return new Intl.NumberFormat(numberFormat().locale, {
      style: "currency", currency: "KZT", currencyDisplay: "narrowSymbol",
      minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2,
    }).format(number);
  }

  function plainNumber(value) {
    return new Intl.NumberFormat(numberFormat().locale, { maximumFractionDigits: 4 }).format(value);
  }

  function setOutput(name, text, raw) {
    const element = $("#out-" + name);
    element.textContent = text;
    if (raw !== undefined) element.dataset.value = String(raw);
  }

  function renderResult(body, personIds) {
    const result = body.result;
    $("#stale").hidden = true;
    $("#results").hidden = false;
    $("#form-error").hidden = true;
    const verdict = $("#verdict");
    verdict.className = "verdict " + (result.eligible ? "yes" : "no");
    verdict.textContent = result.eligible
      ? t("res.eligible", { type: result.asp_type_label })
      : t("res.not_eligible", { reason: result.reason_label });
    setOutput("asp_type", result.asp_type_label, result.asp_type);
    for (const name of ["asp_amount", "asp_child_supplement", "asp_total", "asp_total_income", "per_capita_income", "poverty_line"]) {
      setOutput(name, money(result[name]), result[name]);
    }
    // How the line was obtained, in words (an estimate says so): /explain's label of poverty_line_basis.
    if (result.poverty_line_basis_label) {
      $("#out-poverty_line").textContent += " (" + result.poverty_line_basis_label + ")";
    }
    setOutput("asp_assignment_months", plural("plural.months", result.asp_assignment_months), result.asp_assignment_months);
    // The whole assignment period: the months assigned × (ASP + supplement), from the month of application.
    const months = Number(result.asp_assignment_months) || 0;
    const periodTotal = months * result.asp_total;
    if (state.last && months > 0) {
      const dates = assignedDates(state.last.period, months);
      setOutput("period_total", t("res.period_value", {
        amount: money(periodTotal), months: plural("plural.months", months), from: dates.from, to: dates.to,
      }), periodTotal);
    } else {
      setOutput("period_total", money(0), 0);
    }
    setOutput("gsp", t("res.gsp_value", { pre: result.gsp_preschool_children, school: result.gsp_school_children }),
      result.gsp_preschool_children + "," + result.gsp_school_children);
    setOutput("household_size", plural("plural.people", result.household_size), result.household_size);
    if (state.last) {
      $("#dt-total-income").textContent = t("res.asp_total_income") + " (" + t("res.quarter_period", quarterWords(state.last.period)) + ")";
    }

    const tbody = $("#members-table tbody");
    tbody.textContent = "";
    personIds.forEach((id, index) => {
      const person = (result.persons || {})[id] || {};
      const row = tbody.insertRow();
      const header = document.createElement("th");
      header.scope = "row";
      header.textContent = memberTitle(index);
      row.appendChild(header);
      const cell = (key, text) => {
        const td = row.insertCell();
        td.textContent = text;
        td.dataset.label = t(key); // the column's name beside the value on a phone, where the rows stack
        return td;
      };
      cell("res.col_age", person.age === undefined ? "" : String(person.age));
      cell("res.col_counted", person.is_family_member ? t("res.yes") : t("res.no"));
      cell("res.col_able", person.is_able_bodied ? t("res.yes") : t("res.no"));
      const amount = cell("res.col_amount", "");
      amount.textContent = money(person.asp_person_amount);
      amount.dataset.value = String(person.asp_person_amount);
      amount.className = "num";
      row.id = "row-" + id;
    });

    const warnings = body.warnings || [];
    const warningList = $("#warnings ul");
    warningList.textContent = "";
    for (const warning of warnings) {
      const item = document.createElement("li");
      item.textContent = citizenText(typeof warning === "string" ? warning : warning.text || warning.message || JSON.stringify(warning));
      warningList.appendChild(item);
    }
    $("#warnings").hidden = warnings.length === 0;
    renderSteps(body.steps || []);
    if (state.last) {
      renderAnswers(state.last.request);
      const now = new Date();
      $("#printed").textContent = t("res.printed", { date: dateWords(now.getFullYear(), now.getMonth() + 1, now.getDate()) });
      $("#share-url").value = shareUrl();
    }
    renderChanges();
  }

  function renderSteps(steps) {
    const list = $("#steps");
    list.textContent = "";
    $("#no-steps").hidden = steps.length > 0;
    for (const step of steps) {
      const item = document.createElement("li");
      item.className = "step";
      if (step.key) item.dataset.key = step.key;
      const title = document.createElement("h4");
      title.textContent = citizenText(step.title || "");
      item.appendChild(title);
      const lines = Array.isArray(step.lines) && step.lines.length ? step.lines : step.text ? [step.text] : [];
      for (const line of lines) {
        const text = document.createElement("p");
        text.textContent = citizenText(line);
        item.appendChild(text);
      }
      if (Array.isArray(step.parameters) && step.parameters.length) {
        const heading = document.createElement("p");
        heading.className = "sub";
        heading.textContent = t("res.parameters");
        const params = document.createElement("ul");
        params.className = "params";
        for (const parameter of step.parameters) {
          const li = document.createElement("li");
          li.appendChild(document.createTextNode((parameter.label || "") + ": " + displayValue(parameter.value)));
          const reference = parameter.reference;
          if (reference && reference.href) {
            li.appendChild(document.createTextNode(" — "));
            const link = document.createElement("a");
            link.href = reference.href;
            link.textContent = reference.title || reference.href;
            link.rel = "noopener noreferrer";
            link.target = "_blank";
            li.appendChild(link);
          }
          params.appendChild(li);
        }
        item.append(heading, params);
      }
      const provisions = normaliseProvisions(step.provisions);
      if (provisions.length) {
        const line = document.createElement("p");
        line.className = "provisions";
        line.appendChild(document.createTextNode(t("res.provisions") + ": "));
        provisions.forEach((provision, index) => {
          if (index) line.appendChild(document.createTextNode(", "));
          // A person reads the citation (the act in force on the month), never the register id.
          const element = document.createElement(provision.href ? "a" : "span");
          element.textContent = provision.title || provision.id;
          element.dataset.provision = provision.id;
          if (provision.description) element.title = provision.description;
          if (provision.href) {
            element.href = provision.href;
            element.rel = "noopener noreferrer";
            element.target = "_blank";
          }
          line.appendChild(element);
        });
        item.appendChild(line);
      }
      list.appendChild(item);
    }
  }

  /** The page names members person_1, person_2...: show them as the form does ("Member 2"). */
  function memberNames(text) {
    return String(text).replace(/\bperson_(\d+)\b/g, (_match, n) =>
      n === "1" ? t("form.applicant_title") : t("form.member_title", { n: n }));
  }

  function displayValue(value) {
    if (typeof value === "number") return plainNumber(value);
    if (typeof value === "boolean") return value ? t("res.yes") : t("res.no");
    return String(value);
  }

  /** Provisions may be ids ("law246.a2.p4") or objects ({id, title, href}). */
  function normaliseProvisions(provisions) {
    if (!Array.isArray(provisions)) return [];
    return provisions
      .map((item) => (typeof item === "string" ? { id: item } : {
        id: item.id || item.name || "", title: item.title, description: item.description, href: item.href || item.url,
      }))
      .filter((item) => item.id);
  }

  /* ---------- the citizen's words: months, dates, plurals ---------- */

  /** "March 2024", «март 2024», «2024 жылғы наурыз» (the i18n files' month names and pattern). */
  function monthWords(period) {
    const names = state.strings.months || [];
    return t("fmt.month_year", { month: names[Number(period.slice(5, 7)) - 1], year: period.slice(0, 4) });
  }

  /** "1 March 2026", «1 марта 2026», «2026 жылғы 1 наурыз». */
  function dateWords(year, month, day) {
    const names = state.strings.months_genitive || state.strings.months || [];
    return t("fmt.date", { day: String(day), month: names[month - 1], year: String(year) });
  }

  /** A count with its noun in the right plural form (Intl.PluralRules: one, few, many, other). */
  function plural(key, n) {
    const forms = state.strings[key] || {};
    const rule = new Intl.PluralRules(state.lang).select(n);
    const text = forms[rule] || forms.other || "{n}";
    return text.split("{n}").join(plainNumber(n));
  }

  /** The API's own sentences, with the page's words: person ids as the form names the members,
   * months "2026-03" as words (with the preposition's case in Russian). */
  function citizenText(text) {
    let out = memberNames(text);
    if (state.lang === "ru") {
      const genitive = state.strings.months_genitive || [];
      out = out.replace(/\b(с|по|до|со) (\d{4})-(0[1-9]|1[0-2])\b/g, (_m, word, year, month) =>
        word + " " + genitive[Number(month) - 1] + " " + year + " г.");
    }
    return out.replace(/\b(\d{4})-(0[1-9]|1[0-2])\b(?!-)/g, (_m, year, month) => monthWords(year + "-" + month));
  }

  /** The months assigned, from the month of application: [first day, last day] as words. */
  function assignedDates(period, months) {
    const year = Number(period.slice(0, 4));
    const month = Number(period.slice(5, 7));
    const endIndex = (month - 1) + months - 1;
    const endYear = year + Math.floor(endIndex / 12);
    const endMonth = (endIndex % 12) + 1;
    const lastDay = new Date(Date.UTC(endYear, endMonth, 0)).getUTCDate();
    return { from: dateWords(year, month, 1), to: dateWords(endYear, endMonth, lastDay) };
  }

  function memberTitle(index) {
    return index === 0 ? t("form.applicant_title") : t("form.member_title", { n: index + 1 });
  }

  /* ---------- the answers, as the form holds them (the link and the printout) ---------- */

  const KINDS = () => state.meta.income.main.concat(state.meta.income.more);

  /** The form's state, compact: only what differs from the form's start. */
  function formState() {
    const data = { r: $("#region").value, m: $("#month").value, mode: incomeMode(), hh: {}, inc: {}, p: [] };
    for (const box of $$("#family-circumstances input[type=checkbox][data-var]")) {
      const start = input(box.dataset.var);
      const initial = Boolean(start.form_default !== undefined ? start.form_default : start.default);
      if (box.checked !== (box.hasAttribute("data-negated") ? !initial : initial)) data.hh[box.dataset.var] = box.checked;
    }
    for (const name of KINDS()) if ($("#family-" + name).value.trim()) data.inc[name] = $("#family-" + name).value.trim();
    for (const fieldset of memberFieldsets()) {
      const member = { a: $("[data-var=age]", fieldset).value.trim() };
      const sex = $("[data-var=sex]", fieldset).value;
      if (sex) member.s = sex;
      const disability = $("[data-var=disability_group]", fieldset).value;
      if (disability !== input("disability_group").default) member.d = disability;
      if (carerValue(fieldset)) member.c = carerValue(fieldset);
      for (const box of $$("input[type=checkbox][data-var]", fieldset)) {
        const start = input(box.dataset.var);
        const initial = Boolean(start.form_default !== undefined ? start.form_default : start.default);
        if (box.checked !== (box.hasAttribute("data-negated") ? !initial : initial)) (member.f = member.f || {})[box.dataset.var] = box.checked;
      }
      for (const name of KINDS()) {
        const field = $("[data-var=" + name + "]", fieldset);
        if (field.value.trim()) (member.i = member.i || {})[name] = field.value.trim();
      }
      data.p.push(member);
    }
    return data;
  }

  function encodeState(data) {
    const bytes = new TextEncoder().encode(JSON.stringify(data));
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decodeState(text) {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  /** Fills the form from a state; false if the state is not one. */
  function restoreState(data) {
    if (!data || !Array.isArray(data.p) || !data.p.length) return false;
    for (const fieldset of memberFieldsets()) fieldset.remove();
    // The region's options are filled with the language's names later (fillRegions).
    if (typeof data.r === "string" && input("region").enum.includes(data.r)) state.pendingRegion = data.r;
    if (typeof data.m === "string") $("#month").value = data.m;
    for (const box of $$("#family-circumstances input[type=checkbox][data-var]")) {
      if (typeof (data.hh || {})[box.dataset.var] === "boolean") box.checked = data.hh[box.dataset.var];
    }
    const mode = data.mode === "person" ? "person" : "family";
    document.getElementById("income-mode-" + mode).checked = true;
    $("#family-income").hidden = mode !== "family";
    for (const name of KINDS()) $("#family-" + name).value = (data.inc || {})[name] || "";
    for (const member of data.p.slice(0, 50)) {
      const fieldset = addMember({});
      $("[data-var=age]", fieldset).value = member.a || "";
      if (member.s) $("[data-var=sex]", fieldset).value = member.s;
      if (member.d) $("[data-var=disability_group]", fieldset).value = member.d;
      setCarer(fieldset, member.c || "");
      for (const [name, value] of Object.entries(member.f || {})) {
        const box = $("input[type=checkbox][data-var=" + CSS.escape(name) + "]", fieldset);
        if (box) box.checked = Boolean(value);
      }
      for (const [name, value] of Object.entries(member.i || {})) {
        const field = $("[data-var=" + CSS.escape(name) + "]", fieldset);
        if (field) field.value = String(value);
      }
      if (member.f && Object.keys(member.f).some((name) => !["is_full_time_student", "has_permanent_job"].includes(name))) {
        $(".member-more", fieldset).open = true;
      }
      showSex(fieldset);
    }
    updateQuarter();
    return true;
  }

  function shareUrl() {
    const url = new URL(window.location.href);
    url.hash = "f=" + encodeState(formState());
    return url.toString();
  }

  /** The answers in sentences, for the result (and the printout). */
  function renderAnswers(request) {
    const list = $("#answers");
    list.textContent = "";
    const add = (text) => { const item = document.createElement("li"); item.textContent = text; list.appendChild(item); };
    const regionSelect = $("#region");
    const regionName = regionSelect.options[regionSelect.selectedIndex] ? regionSelect.options[regionSelect.selectedIndex].text : "";
    add(t("ans.region_month", { region: regionName, month: monthWords(request.period) }));
    const fieldsets = memberFieldsets();
    const children = fieldsets.filter((fieldset) => Number($("[data-var=age]", fieldset).value) < 18).length;
    add(t("ans.family", { people: plural("plural.people", fieldsets.length), children: plural("plural.children", children) }));
    fieldsets.forEach((fieldset, index) => {
      const parts = [plural("plural.years", Number($("[data-var=age]", fieldset).value))];
      const sex = $("[data-var=sex]", fieldset);
      if (sex.value) parts.push(sex.options[sex.selectedIndex].text.toLowerCase());
      const disability = $("[data-var=disability_group]", fieldset);
      if (disability.value !== input("disability_group").default) parts.push(disability.options[disability.selectedIndex].text);
      const carer = carerValue(fieldset);
      if (carer) parts.push(t(carer === "true" ? "m.carer_yes" : "m.carer_no"));
      for (const box of $$("input[type=checkbox][data-var]", fieldset)) {
        const start = input(box.dataset.var);
        const initial = Boolean(start.form_default !== undefined ? start.form_default : start.default);
        if (box.checked !== (box.hasAttribute("data-negated") ? !initial : initial)) parts.push(box.labels[0].textContent);
      }
      if (incomeMode() === "person") {
        for (const name of KINDS()) {
          const value = readNumber($("[data-var=" + name + "]", fieldset));
          if (value > 0) parts.push(t(input(name).label_key) + " " + money(value));
        }
      }
      add(memberTitle(index) + ": " + parts.join(", "));
    });
    if (incomeMode() === "family") {
      const kinds = KINDS().map((name) => [name, readNumber($("#family-" + name))]).filter(([, value]) => value > 0);
      const words = quarterWords(request.period);
      add(t("ans.income", { quarter: t("res.quarter_period", words) }) + " " +
        (kinds.length ? kinds.map(([name, value]) => t(input(name).label_key) + " " + money(value)).join(", ") : money(0)));
    }
    for (const box of $$("#family-circumstances input[type=checkbox][data-var]")) {
      const start = input(box.dataset.var);
      const initial = Boolean(start.form_default !== undefined ? start.form_default : start.default);
      if (box.checked !== initial) add((box.checked ? "" : t("ans.not") + " ") + box.labels[0].textContent);
    }
  }

  /* ---------- how would the answer change: the chart and the variants (computed by the API) ---------- */

  const CHART_POINTS = 41;

  /** A round number at or above `value` (1, 2 or 5 × a power of ten). */
  function niceCeil(value) {
    if (!(value > 0)) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
    return 10 * power;
  }

  /** The situation without any income, with the household's outputs asked for. */
  function withoutIncome(situation) {
    const copy = JSON.parse(JSON.stringify(situation));
    for (const person of Object.values(copy.persons)) for (const name of KINDS()) delete person[name];
    return copy;
  }

  const VARIANT_OUTPUTS = ["asp_amount", "asp_child_supplement", "asp_total", "asp_type", "asp_total_income"];

  /** The family's variants as extra households of one /calculate request. */
  function variantsRequest(request, result) {
    const period = request.period;
    const quarterKey = "month:" + referenceQuarter(period).start + ":3";
    const ids = request.personIds;
    const persons = result.persons || {};
    const counted = ids.filter((id) => persons[id] && persons[id].is_family_member);
    const threshold = result.poverty_line * 3 * result.household_size;
    const variants = [];
    // The youngest child under 3 turning 3.
    const young = counted.filter((id) => Number(persons[id].age) < 3)
      .sort((a, b) => Number(persons[a].age) - Number(persons[b].age))[0];
    if (young) variants.push({ key: "child3", person: young, change: (s) => { s.persons[young].age = { [period]: 3 }; } });
    // The income at which ASP stops (the line × 3 months × the members counted), and just above it.
    const earner = counted[0] || ids[0];
    if (threshold > 0) {
      const at = (amount) => (s) => {
        for (const person of Object.values(s.persons)) for (const name of KINDS()) delete person[name];
        s.persons[earner].wage_income = { [quarterKey]: amount };
      };
      if (result.eligible || result.reason === "not_low_income") {
        variants.push({ key: "above", income: Math.floor(threshold) + 1, change: at(Math.floor(threshold) + 1) });
      }
      if (!result.eligible && result.reason === "not_low_income") {
        const below = Math.round(threshold * 0.75 / 1000) * 1000;
        variants.push({ key: "below", income: below, change: at(below) });
      }
    }
    // A member of working age without a permanent job starting one.
    const worker = counted.find((id) => {
      const fieldset = memberFieldsets()[ids.indexOf(id)];
      const disability = $("[data-var=disability_group]", fieldset).value;
      return persons[id].is_able_bodied && !$("[data-var=has_permanent_job]", fieldset).checked &&
        !$("[data-var=is_full_time_student]", fieldset).checked && !["group_1", "group_2"].includes(disability);
    });
    if (worker) variants.push({ key: "job", person: worker, change: (s) => { s.persons[worker].has_permanent_job = { [period]: true }; } });
    if (!variants.length || variants.length * ids.length > 50) return null;
    const situation = { persons: {}, households: {} };
    for (const variant of variants) {
      const copy = JSON.parse(JSON.stringify(request.situation));
      variant.change(copy);
      const rename = (id) => variant.key + "_" + id;
      for (const [id, person] of Object.entries(copy.persons)) situation.persons[rename(id)] = person;
      const household = copy.households.household;
      household.applicants = household.applicants.map(rename);
      household.members = household.members.map(rename);
      for (const name of VARIANT_OUTPUTS) household[name] = { [period]: null };
      situation.households[variant.key] = household;
    }
    return { situation: situation, variants: variants };
  }

  /** One /calculate request with an axis over the family's income of the quarter. */
  function chartRequest(request, result) {
    const period = request.period;
    const ids = request.personIds;
    const persons = result.persons || {};
    const earner = Math.max(0, ids.findIndex((id) => persons[id] && persons[id].is_family_member));
    const threshold = result.poverty_line * 3 * result.household_size;
    const top = niceCeil(Math.max(threshold * 1.5, result.asp_total_income * 1.25, 30000));
    const situation = withoutIncome(request.situation);
    const household = situation.households.household;
    for (const name of VARIANT_OUTPUTS) household[name] = { [period]: null };
    situation.axes = [[{
      name: "wage_income", count: CHART_POINTS, min: 0, max: top,
      period: "month:" + referenceQuarter(period).start + ":3", index: earner,
    }]];
    return { situation: situation, top: top, threshold: threshold };
  }

  async function loadChanges(request, body) {
    const result = body.result;
    const section = $("#change");
    const ticket = (state.changeTicket = (state.changeTicket || 0) + 1);
    section.hidden = true;
    section.dataset.ready = "false";
    if (!(result.household_size > 0)) return;
    const chart = chartRequest(request, result);
    const variants = variantsRequest(request, result);
    try {
      const [chartAnswer, variantAnswer] = await Promise.all([
        postJson("calculate", chart.situation),
        variants ? postJson("calculate", variants.situation) : Promise.resolve(null),
      ]);
      if (ticket !== state.changeTicket || !chartAnswer.ok) return;
      const h = chartAnswer.body.households.household;
      const p = request.period;
      const points = h.asp_total_income[p].map((income, i) => ({
        income: income, asp: h.asp_amount[p][i], supplement: h.asp_child_supplement[p][i],
      }));
      const outcomes = {};
      if (variantAnswer && variantAnswer.ok) {
        for (const variant of variants.variants) {
          const v = variantAnswer.body.households[variant.key];
          outcomes[variant.key] = Object.assign({}, variant, {
            asp: v.asp_amount[p], supplement: v.asp_child_supplement[p], total: v.asp_total[p], type: v.asp_type[p],
          });
        }
      }
      state.changes = { points: points, outcomes: outcomes, threshold: chart.threshold, top: chart.top, request: request, result: result };
      section.hidden = false;
      renderChanges();
      section.dataset.ready = "true";
    } catch (_error) {
      /* the result stands without this section */
    }
  }

  function outcomeWords(outcome) {
    if (!(outcome.total > 0)) return t("if.none");
    const now = state.changes && state.changes.result;
    if (now && Math.abs(outcome.total - now.asp_total) < 0.005 && outcome.type === now.asp_type) {
      return t("if.same", { total: money(outcome.total) });
    }
    const type = (state.strings.asp_type || {})[outcome.type] || outcome.type;
    return t("if.amount", { total: money(outcome.total), type: type.toLowerCase() });
  }

  function renderChanges() {
    const changes = state.changes;
    if (!changes) return;
    const { points, outcomes, result, request } = changes;
    const words = quarterWords(request.period);
    // The income at which ASP stops, if the API says so just above it.
    const above = outcomes.above;
    const stops = above && !(above.asp > 0) ? changes.threshold : null;
    $("#chart-help").textContent = t("res.chart_help", { quarter: t("res.quarter_period", words) });
    drawChart(points, changes.top, { income: result.asp_total_income, asp: result.asp_amount, total: result.asp_total }, stops);
    const tbody = $("#chart-table tbody");
    tbody.textContent = "";
    $("#chart-table-caption").textContent = t("res.chart_title");
    for (const point of points) {
      const row = tbody.insertRow();
      const head = document.createElement("th");
      head.scope = "row";
      head.textContent = money(point.income);
      row.appendChild(head);
      for (const value of [point.asp, point.supplement]) {
        const cell = row.insertCell();
        cell.textContent = money(value);
        cell.className = "num";
      }
    }
    const list = $("#whatif");
    list.textContent = "";
    const add = (key, text) => {
      const item = document.createElement("li");
      item.dataset.key = key;
      item.textContent = text;
      list.appendChild(item);
    };
    const ids = request.personIds;
    if (outcomes.child3) {
      add("child3", t("if.child3", { member: memberTitle(ids.indexOf(outcomes.child3.person)), outcome: outcomeWords(outcomes.child3) }));
    }
    // A family that gets ASP: where it stops. A family refused for its income: where it would start
    // (the stop as the API confirmed it just above) and what it would get at an income below.
    if (outcomes.above && !outcomes.below) {
      add("above", t("if.above", { income: money(changes.threshold), outcome: outcomeWords(outcomes.above) }));
    }
    if (outcomes.below && stops !== null) {
      add("below", t("if.below", { stop: money(stops), income: money(outcomes.below.income), outcome: outcomeWords(outcomes.below) }));
    }
    if (outcomes.job) {
      add("job", t("if.job", { member: memberTitle(ids.indexOf(outcomes.job.person)), outcome: outcomeWords(outcomes.job) }));
    }
    $("#whatif-heading").hidden = list.children.length === 0;
  }

  /** The chart as an inline SVG with a title and a description (the table beside it has the figures). */
  function drawChart(points, top, family, stops) {
    const NS = "http://www.w3.org/2000/svg";
    // Drawn at the figure's own width (1 SVG unit = 1 CSS pixel), so that the text stays readable on a phone.
    const figureWidth = $("#chart").clientWidth || 640;
    const W = Math.max(300, Math.min(704, Math.round(figureWidth))), H = W < 480 ? 260 : 300;
    const left = 70, right = 16, topPad = 22, bottom = 46;
    // Round steps: 5 of them for a top of 2.5 or 5 × 10^k, else 4 (2 on a phone's narrow axis).
    const steps = (value) => ([2.5, 5].includes(value / Math.pow(10, Math.floor(Math.log10(value)))) ? 5 : 4);
    const xTicks = W < 480 ? 2 : steps(top);
    const maxY = niceCeil(Math.max(1, ...points.map((point) => point.asp + point.supplement), family.total) * 1.1);
    const x = (value) => left + (W - left - right) * Math.min(value, top) / top;
    const y = (value) => H - bottom - (H - topPad - bottom) * value / maxY;
    const el = (name, attributes, text) => {
      const node = document.createElementNS(NS, name);
      for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
      if (text !== undefined) node.textContent = text;
      return node;
    };
    const svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-labelledby": "chart-title chart-desc", class: "chart-svg" });
    svg.appendChild(el("title", { id: "chart-title" }, t("res.chart_title")));
    const desc = t("res.chart_desc", {
      income: money(family.income), total: money(family.total),
      stop: stops !== null ? t("res.chart_desc_stop", { income: money(stops) }) : "",
    });
    svg.appendChild(el("desc", { id: "chart-desc" }, desc));
    const plain = (value) => new Intl.NumberFormat(numberFormat().locale, { maximumFractionDigits: 0 }).format(value);
    const yTicks = steps(maxY);
    for (let i = 0; i <= yTicks; i += 1) {
      const value = maxY * i / yTicks;
      svg.appendChild(el("line", { x1: left, x2: W - right, y1: y(value), y2: y(value), class: "grid-line" }));
      svg.appendChild(el("text", { x: left - 6, y: y(value) + 4, "text-anchor": "end", class: "tick" }, plain(value)));
    }
    for (let i = 0; i <= xTicks; i += 1) {
      const value = top * i / xTicks;
      svg.appendChild(el("text", { x: x(value), y: H - bottom + 18, "text-anchor": i === 0 ? "start" : i === xTicks ? "end" : "middle", class: "tick" }, plain(value)));
    }
    svg.appendChild(el("text", { x: (left + W - right) / 2, y: H - 6, "text-anchor": "middle", class: "axis-label" }, t("res.chart_x")));
    const line = (values, cls) => svg.appendChild(el("polyline", {
      points: points.map((point, i) => x(point.income) + "," + y(values[i])).join(" "), class: cls,
    }));
    line(points.map((point) => point.asp + point.supplement), "series-total");
    line(points.map((point) => point.asp), "series-asp");
    if (stops !== null) {
      svg.appendChild(el("line", { x1: x(stops), x2: x(stops), y1: topPad, y2: H - bottom, class: "stop-line" }));
      const onLeft = x(stops) > W - 150; // near the right edge, the label goes on the line's left
      svg.appendChild(el("text", { x: onLeft ? x(stops) - 5 : x(stops) + 5, y: topPad - 6, "text-anchor": onLeft ? "end" : "start", class: "stop-label" }, t("res.chart_stop")));
    }
    svg.appendChild(el("circle", { cx: x(family.income), cy: y(family.total), r: 7, class: "you" }));
    const figure = $("#chart");
    figure.textContent = "";
    figure.appendChild(svg);
    const legend = document.createElement("figcaption");
    legend.className = "legend";
    for (const [cls, key] of [["key-asp", "res.chart_asp"], ["key-total", "res.chart_total"], ["key-you", "res.chart_you"], ["key-stop", "res.chart_stop"]]) {
      if (cls === "key-stop" && stops === null) continue;
      const item = document.createElement("span");
      item.className = "key " + cls;
      item.textContent = t(key);
      legend.appendChild(item);
    }
    figure.appendChild(legend);
  }

  /* ---------- YAML export ---------- */

  const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

  function yamlScalar(value) {
    if (value === null || value === undefined) return "null";
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
    if (typeof value === "string" && PLAIN_KEY.test(value) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value)) return value;
    return JSON.stringify(String(value));
  }

  function yamlKey(key) {
    return PLAIN_KEY.test(key) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(key) ? key : JSON.stringify(key);
  }

  function toYaml(value, indent) {
    const pad = " ".repeat(indent);
    if (Array.isArray(value)) {
      if (!value.length) return " []";
      if (value.every((item) => item === null || typeof item !== "object")) return " [" + value.map(yamlScalar).join(", ") + "]";
      return value.map((item) => "\n" + pad + "-" + toYaml(item, indent + 2).replace(/^\n\s*/, " ")).join("");
    }
    if (value && typeof value === "object") {
      const keys = Object.keys(value);
      if (!keys.length) return " {}";
      return keys.map((key) => "\n" + pad + yamlKey(key) + ":" + toYaml(value[key], indent + 2)).join("");
    }
    return " " + yamlScalar(value);
  }

  function allProvisions(steps) {
    const seen = [];
    for (const step of steps) {
      for (const provision of normaliseProvisions(step.provisions)) if (!seen.includes(provision.id)) seen.push(provision.id);
    }
    return seen;
  }

  /** The provision that decides the outcome, as /explain cites it for the month (the bar that applies,
   *  or the article that gives the type; the Social Code's from July 2023). */
  function decisiveProvision(result, steps) {
    if (result.provision && result.provision.id) return result.provision.id;
    return allProvisions(steps)[0] || "law246.a2";
  }

  const TOPICAL_TITLES = {
    "asp.child_supplement": "Child supplement",
    "asp.amount.child_rule_2019": "2019 per-child rule",
    "asp.loan_practice_2025": "Loan practice 2025",
  };

  /** "law246.a2.p4.sp2" → "Art. 2 p.4 sp.2"; "code224.a122.p4" → "Social Code Art. 122 p.4" (as tests/rules names). */
  function provisionTitle(id) {
    const match = /^(law246|code224)\.a([\w-]+)((?:\.(?:p|sp)[\w-]+)*)$/.exec(id);
    if (!match) return TOPICAL_TITLES[id] || id.replace(/^order160\.p/, "Order 160 p.");
    const rest = match[3].split(".").filter(Boolean).map((part) => part.replace(/^(sp|p)/, "$1.")).join(" ");
    return (match[1] === "code224" ? "Social Code " : "") + "Art. " + match[2] + (rest ? " " + rest : "");
  }

  /** One line of the arithmetic behind the amount, in plain numbers (for the comment above the case). */
  function arithmetic(result) {
    const n = (value) => new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 }).format(value);
    const size = result.household_size;
    const parts = [
      "per-capita income = " + n(result.asp_total_income) + " / 3 months / " + size + " members = " + n(result.per_capita_income),
      "poverty line " + n(result.poverty_line) + (result.poverty_line_basis ? " (" + result.poverty_line_basis + ")" : ""),
    ];
    if (result.eligible) {
      const each = result.poverty_line - result.per_capita_income;
      const rounded = Math.floor(each + 0.5 + 1e-9); // each member's amount, rounded to the tenge
      if (Math.abs(each * size - result.asp_amount) < 0.05) {
        parts.push("ASP = (" + n(result.poverty_line) + " − " + n(result.per_capita_income) + ") × " + size + " = " + n(result.asp_amount));
      } else if (Math.abs(rounded * size - result.asp_amount) < 0.05) {
        parts.push("ASP = (" + n(result.poverty_line) + " − " + n(result.per_capita_income) + " = " + n(each) + " → " + n(rounded) +
          " rounded to the tenge) × " + size + " = " + n(result.asp_amount));
      } else {
        const shares = Object.values(result.persons || {}).map((person) => n(person.asp_person_amount));
        parts.push("ASP = the members' amounts " + shares.join(" + ") + " = " + n(result.asp_amount));
      }
      parts.push("child supplement " + n(result.asp_child_supplement) + ", total " + n(result.asp_total));
      parts.push(result.asp_assignment_months + " month(s) assigned");
    } else if (result.reason === "not_low_income") {
      // From July 2023 only income exceeding the line is refused (Social Code Art. 128 sp.1); until
      // June 2023 income not below it was (Law 246-II Art. 1 sp.5-2): at the line, only the Law refuses.
      const words = result.per_capita_income > result.poverty_line ? " exceeds " : " is not below (equals) ";
      parts.push(n(result.per_capita_income) + words + n(result.poverty_line) + ": no ASP (not_low_income)");
    } else {
      parts.push("no ASP: " + result.reason);
    }
    return parts.join("; ") + ".";
  }

  function buildYaml() {
    const last = state.last;
    const result = last.response.result;
    const steps = last.response.steps || [];
    const decisive = decisiveProvision(result, steps);
    const region = last.request.situation.households.household.region[last.period];
    const people = last.personIds.length;
    const outcome = result.eligible ? result.asp_type + " assistance" : "no ASP (" + result.reason + ")";
    const name = provisionTitle(decisive) + " — " + last.period + ": calculator case, " + region + ", " + people +
      (people === 1 ? " person" : " persons") + ": " + outcome +
      (result.eligible ? ", ASP " + Math.round(result.asp_amount) + " KZT a month" : "");
    const output = {
      asp_type: result.asp_type,
      asp_amount: result.asp_amount,
      asp_child_supplement: result.asp_child_supplement,
      asp_total: result.asp_total,
      asp_assignment_months: result.asp_assignment_months,
    };
    if (result.reason) output.asp_ineligibility_reason = result.reason;
    if (result.gsp_preschool_children !== undefined) output.gsp_preschool_children = result.gsp_preschool_children;
    if (result.gsp_school_children !== undefined) output.gsp_school_children = result.gsp_school_children;
    const persons = {};
    for (const id of last.personIds) {
      const person = (result.persons || {})[id];
      if (person && person.asp_person_amount !== undefined) persons[id] = { asp_person_amount: person.asp_person_amount };
    }
    if (Object.keys(persons).length) output.persons = persons;
    const keywords = [decisive].concat(allProvisions(steps).filter((id) => id !== decisive));
    const test = {
      name: name,
      period: last.period,
      absolute_error_margin: 0.01,
      keywords: keywords,
      input: last.request.situation,
      output: output,
    };
    const header = [
      "# OpenFisca test exported by the openfisca-kz-asp calculator (" + new Date().toISOString().slice(0, 10) + ").",
      "# Decisive provision: " + decisive + ". Verdict shown (" + state.lang + "): " + $("#verdict").textContent,
      "# Income is given for the reference quarter (month:" + referenceQuarter(last.period).start + ":3).",
      "# A lawyer should check the expected values below against the law before committing this test.",
      "# The model's arithmetic, to check by hand: " + arithmetic(result),
    ];
    return header.join("\n") + "\n" + ("\n- " + toYaml(test, 2).replace(/^\n\s*/, "")).replace(/^\n/, "") + "\n";
  }

  function exportYaml() {
    if (!state.last) return;
    state.yaml = buildYaml();
    const area = $("#yaml-output");
    area.value = state.yaml;
    area.hidden = false;
    $("#copy-yaml").hidden = false;
    $("#download-yaml").hidden = false;
    $("#export-status").textContent = t("exp.ready");
  }

  async function copyLink() {
    const field = $("#share-url");
    field.value = shareUrl();
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(field.value);
      else {
        field.select();
        if (!document.execCommand("copy")) throw new Error("execCommand failed");
      }
      $("#share-status").textContent = t("share.copied");
    } catch (_error) {
      field.focus();
      field.select();
      $("#share-status").textContent = t("exp.copy_failed");
    }
  }

  async function copyYaml() {
    const area = $("#yaml-output");
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(state.yaml);
      else {
        area.select();
        if (!document.execCommand("copy")) throw new Error("execCommand failed");
      }
      $("#export-status").textContent = t("exp.copied");
    } catch (_error) {
      area.focus();
      area.select();
      $("#export-status").textContent = t("exp.copy_failed");
    }
  }

  function downloadYaml() {
    const last = state.last;
    const result = last.response.result;
    const region = last.request.situation.households.household.region[last.period];
    const blob = new Blob([state.yaml], { type: "application/x-yaml" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "asp_" + region + "_" + last.period + "_" + (result.eligible ? result.asp_type : result.reason) + ".yaml";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    $("#export-status").textContent = t("exp.downloaded");
  }

  /* ---------- wiring ---------- */

  function announce(message) {
    $("#status").textContent = message;
  }

  async function start() {
    try {
      await loadMeta("en");
    } catch (error) {
      const formError = $("#form-error");
      formError.textContent = "The form could not be loaded from the server (" + error.message + ").";
      formError.hidden = false;
      document.body.dataset.ready = "true";
      return;
    }
    $("#month").value = currentMonth();
    for (const box of $$("#family-circumstances input[type=checkbox][data-var]")) setBoxDefault(box);
    for (const [names, grid] of [[state.meta.income.main, "#family-income .income-main"], [state.meta.income.more, "#family-income .income-more"]]) {
      for (const name of names) {
        const field = incomeField(name);
        const control = $("input", field);
        control.id = "family-" + name;
        $("label", field).htmlFor = control.id;
        $("p", field).id = control.id + "-error";
        control.setAttribute("aria-describedby", control.id + "-error");
        $(grid).appendChild(field);
      }
    }
    for (const radio of $$("input[name=income-mode]")) radio.addEventListener("change", () => setIncomeMode(radio.value));
    let restored = false;
    if (window.location.hash.startsWith("#f=")) {
      try { restored = restoreState(decodeState(window.location.hash.slice(3))); } catch (_error) { restored = false; }
    }
    if (!restored) addMember({});
    for (const button of $$(".lang-switch button")) {
      button.addEventListener("click", () => setLanguage(button.dataset.lang, { recalculate: true }));
    }
    $("#month").addEventListener("input", updateQuarter);
    $("#month").addEventListener("change", updateQuarter);
    $("#add-member").addEventListener("click", () => addMember({}, { focus: true }));
    const markStale = () => { if (state.last) $("#stale").hidden = false; };
    $("#asp-form").addEventListener("input", markStale);
    $("#asp-form").addEventListener("change", markStale);
    $("#asp-form").addEventListener("submit", (event) => {
      event.preventDefault();
      calculate();
    });
    $("#export-yaml").addEventListener("click", exportYaml);
    $("#copy-link").addEventListener("click", copyLink);
    $("#print").addEventListener("click", () => window.print());
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => { if (state.changes && !$("#change").hidden) renderChanges(); }, 150);
    });
    $("#copy-yaml").addEventListener("click", copyYaml);
    $("#download-yaml").addEventListener("click", downloadYaml);
    try {
      await setLanguage(pickInitialLanguage());
    } catch (error) {
      // The page's own English text stays; say what failed rather than leave a dead page.
      const formError = $("#form-error");
      formError.textContent = "The translations could not be loaded (" + error.message + ").";
      formError.hidden = false;
    }
    if (restored) {
      announce(t("form.restored"));
      await calculate({ quiet: true });
    }
    document.body.dataset.ready = "true";
  }

  // Exposed for the browser tests and for debugging in the console; the page does not need it.
  window.aspCalculator = {
    referenceQuarter: referenceQuarter, buildSituation: readForm, toYaml: toYaml,
    plural: plural, monthWords: monthWords, dateWords: dateWords,
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
