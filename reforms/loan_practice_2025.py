"""The ministry's loan practice of September 2025: a non-mortgage loan bars ASP."""

from openfisca_core.reforms import Reform

FROM = "2025-09-01"


class loan_practice_2025(Reform):
    """No ASP for a family with a loan other than a mortgage, from 1 September 2025.

    The ministry reports that "since September 2025 ASP is not assigned to families with loan
    obligations, except mortgages" (year results, 22.01.2026). No instrument is found in the sources:
    the loan tests were proposed in a consultative document to a draft law amending the Social Code
    (02.09.2025), the minister said on 10.09.2025 that it "is not yet a normative act", and neither
    Law 246-II Art. 2 p.2 nor Social Code Art. 128 lists a loan as a ground for refusal (legal_gaps
    §4.2, findings §3.3). The baseline therefore counts loan proceeds only as income; this reform
    switches on the bar (parameter asp.eligibility.bars.non_mortgage_loan_applies) from 2025-09-01 for
    a family whose input `has_non_mortgage_loan` is true.
    """

    name = "Loan practice of September 2025: a non-mortgage loan bars ASP"

    def apply(self) -> None:
        def modify(parameters):
            parameters.asp.eligibility.bars.non_mortgage_loan_applies.update(start=FROM, value=True)
            return parameters

        self.modify_parameters(modifier_function=modify)
