// Package valid carries validation failures from domain code to the user:
// each names the field (or row) that is wrong and says why, in Chinese.
// The web layer renders them next to the form fields or as a JSON list; the
// CLI prints them one per line.
package valid

import "strings"

// Problem is one thing wrong with the input.
type Problem struct {
	Field   string `json:"field"`          // form field or column name ("login", "单位编码")
	Line    int    `json:"line,omitempty"` // 1-based line of an imported file, 0 when none
	Message string `json:"message"`        // Chinese, says what is wrong and what is expected
}

// Errors is a list of problems; as an error it means "nothing was written".
type Errors struct {
	Problems []Problem
}

// Add records a problem with a field.
func (e *Errors) Add(field, msg string) {
	e.Problems = append(e.Problems, Problem{Field: field, Message: msg})
}

// AddLine records a problem on a line of an imported file.
func (e *Errors) AddLine(line int, field, msg string) {
	e.Problems = append(e.Problems, Problem{Field: field, Line: line, Message: msg})
}

// Has reports whether field already has a problem.
func (e *Errors) Has(field string) bool {
	for _, p := range e.Problems {
		if p.Field == field {
			return true
		}
	}
	return false
}

// For returns the first message for field, or "".
func (e *Errors) For(field string) string {
	for _, p := range e.Problems {
		if p.Field == field {
			return p.Message
		}
	}
	return ""
}

// Err returns e as an error, or nil when there are no problems.
func (e *Errors) Err() error {
	if e == nil || len(e.Problems) == 0 {
		return nil
	}
	return e
}

func (e *Errors) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// String renders "第 3 行 单位类型：……" or "登录名：……".
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		b.WriteString("第 ")
		b.WriteString(itoa(p.Line))
		b.WriteString(" 行 ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString("：")
	}
	b.WriteString(p.Message)
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for n > 0 {
		d = append([]byte{byte('0' + n%10)}, d...)
		n /= 10
	}
	return string(d)
}

// New returns an error with a single problem.
func New(field, msg string) error {
	e := &Errors{}
	e.Add(field, msg)
	return e
}
