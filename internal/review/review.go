// Package review is the confidentiality check a draft passes before a
// reviewer sees it (Regulation Art. 17: information is reviewed under the
// secrecy laws before publication). Scan finds personal numbers (resident ID
// numbers, mobile numbers, bank card numbers) and secrecy marks in text;
// Extract turns attachments (TXT, HTML, DOCX, XLSX, PDF) into text for it;
// Apply masks what Scan found.
//
// Everything here is a pure function of its input: no I/O, no clock.
package review

// Kind is what a finding is.
type Kind string

// The kinds of finding.
const (
	KindIDCard      Kind = "id_card"
	KindMobile      Kind = "mobile"
	KindBankCard    Kind = "bank_card"
	KindSecrecyMark Kind = "secrecy_mark"
)

// Label is the kind's Chinese name, for the user.
func (k Kind) Label() string {
	switch k {
	case KindIDCard:
		return "身份证号"
	case KindMobile:
		return "手机号"
	case KindBankCard:
		return "银行卡号"
	case KindSecrecyMark:
		return "密级标志"
	}
	return string(k)
}

// Finding is one thing in a text that must not be published as it is.
type Finding struct {
	Kind   Kind   `json:"kind"`
	Text   string `json:"text"`   // exactly as it appears (with its spaces/dashes)
	Line   int    `json:"line"`   // 1-based line in the scanned text
	Offset int    `json:"offset"` // byte offset in the scanned text
	Mask   string `json:"mask"`   // suggested replacement ("" for secrecy marks)
	Hint   string `json:"hint"`   // Chinese explanation
}

// SecrecyAdvice is what to do about a secrecy mark: it cannot be masked.
const SecrecyAdvice = "删除密级标志或不予公开"
