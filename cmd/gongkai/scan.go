package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"gongkai/internal/review"
)

var scanCmd = &command{
	name:    "scan",
	args:    "[--format text|json] FILE...",
	summary: "发布前保密检查：查找文件中的身份证号、手机号、银行卡号和密级标志 (pre-publication check: find ID, mobile and bank card numbers and secrecy marks in files)",
	detail: `读取 TXT（UTF-8 或 GBK）、HTML、DOCX、XLSX 和 PDF 文件的文字（按内容识别格式，不看扩展名），
列出每处发现所在的行和建议的遮盖方式。FILE 为 - 时读取标准输入。不需要数据库。
退出状态：0 未发现，1 有发现，2 文件无法读取或格式不支持、参数错误。
扫描件 PDF、加密 PDF 无法提取文字，按错误处理，需人工审查。
(Reads the text of TXT (UTF-8 or GBK), HTML, DOCX, XLSX and PDF files, recognised by content rather
than extension, and lists each finding with its line and a suggested mask. FILE "-" reads standard
input. Needs no database. Exit status: 0 nothing found, 1 something found, 2 a file could not be
read or is not supported, or bad flags. Scanned or encrypted PDFs have no extractable text: they
count as errors and need a person to check them.)`,
	noDB: true,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		format := fs.String("format", "text", "输出格式：text（每行一处）或 json (output `FORMAT`: text, one finding a line, or json)")
		return func(c *cli, args []string) int {
			if *format != "text" && *format != "json" {
				return c.usageError("--format 只能是 text 或 json，而不是 %q (--format must be text or json)", *format)
			}
			if len(args) == 0 {
				return c.usageError("请给出要检查的文件 (give the files to scan)")
			}
			return c.scan(args, *format == "json")
		}
	},
}

// scanFindingJSON is one finding as scan --format json prints it.
type scanFindingJSON struct {
	File   string      `json:"file"`
	Kind   review.Kind `json:"kind"`
	Label  string      `json:"label"`
	Text   string      `json:"text"`
	Line   int         `json:"line"`
	Offset int         `json:"offset"`
	Mask   string      `json:"mask"`
	Hint   string      `json:"hint"`
}

func (c *cli) scan(files []string, asJSON bool) int {
	lim := review.DefaultExtractLimits()
	out := []scanFindingJSON{}
	failed := false
	for _, name := range files {
		fs, err := scanFile(c.stdin, name, lim)
		if err != nil {
			failed = true
			fmt.Fprintf(c.stderr, "错误：%s：%s\n(error: %s: %s)\n", name, scanErrorChinese(err), name, scanErrorEnglish(err))
			continue
		}
		for _, f := range fs {
			out = append(out, scanFindingJSON{
				File: name, Kind: f.Kind, Label: f.Kind.Label(), Text: f.Text, Line: f.Line,
				Offset: f.Offset, Mask: f.Mask, Hint: f.Hint,
			})
		}
	}
	if asJSON {
		if err := writeJSON(c.stdout, out); err != nil {
			fmt.Fprintf(c.stderr, "错误：%v\n", err)
			return exitUsage
		}
	} else {
		for _, f := range out {
			advice := "建议遮盖为 " + f.Mask
			if f.Mask == "" {
				advice = review.SecrecyAdvice
			}
			fmt.Fprintf(c.stdout, "%s:%d: %s %s → %s\n", f.File, f.Line, f.Label, f.Text, advice)
		}
		if len(out) == 0 && !failed {
			fmt.Fprintf(c.stdout, "未发现身份证号、手机号、银行卡号或密级标志 (nothing found in %d files)\n", len(files))
		}
	}
	switch {
	case failed:
		return exitUsage
	case len(out) > 0:
		return exitFail
	}
	return exitOK
}

// scanFile reads a file ("-": standard input), extracts its text and scans it.
func scanFile(stdin io.Reader, name string, lim review.ExtractLimits) ([]review.Finding, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, errIsDir
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxInput+1))
	if err != nil {
		return nil, err
	}
	text, err := review.Extract(name, data, lim)
	if err != nil {
		return nil, err
	}
	return review.Scan(text), nil
}

var errIsDir = errors.New("is a directory")

// scanErrorChinese says in Chinese why a file could not be scanned; the
// errors of review already do.
func scanErrorChinese(err error) string {
	switch {
	case errors.Is(err, errIsDir):
		return "这是目录，不是文件"
	case errors.Is(err, os.ErrNotExist):
		return "文件不存在"
	case errors.Is(err, os.ErrPermission):
		return "没有读取权限"
	case errors.Is(err, review.ErrUnsupported), errors.Is(err, review.ErrDamaged), errors.Is(err, review.ErrNoText):
		return err.Error()
	}
	var tl *review.ErrTooLarge
	if errors.As(err, &tl) {
		return err.Error()
	}
	return "无法读取：" + err.Error()
}

// scanErrorEnglish says in English why a file could not be scanned.
func scanErrorEnglish(err error) string {
	var tl *review.ErrTooLarge
	switch {
	case errors.As(err, &tl):
		return "refused, too large (" + string(tl.Limit) + " limit)"
	case errors.Is(err, review.ErrUnsupported):
		return "unsupported format"
	case errors.Is(err, review.ErrDamaged):
		return "damaged file"
	case errors.Is(err, review.ErrNoText):
		return "no extractable text (a scan?): check it by hand"
	case errors.Is(err, errIsDir):
		return "is a directory"
	case errors.Is(err, os.ErrNotExist):
		return "no such file"
	case errors.Is(err, os.ErrPermission):
		return "permission denied"
	}
	return "cannot read: " + err.Error()
}
