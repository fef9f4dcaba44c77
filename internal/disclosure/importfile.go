package disclosure

import (
	"context"
	"fmt"
	"html"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/audit"
	"gongkai/internal/civil"
	"gongkai/internal/store"
	"gongkai/internal/tabular"
	"gongkai/internal/valid"
)

// The file format of `gongkai import documents`: a CSV or XLSX table whose
// first row is the header 索引号,标题,文号,发布机构,成文日期,发布日期,栏目,正文,
// optionally followed by 主题分类, 体裁分类, 主题词 and 附件 (file names,
// separated by ";"). This file reads it; the command checks the rows against
// the unit's catalog and imports them with ImportOne and ImportFiles.

// ImportRow is one document read from an import file. Line is the 1-based
// line where its record starts (the header is line 1).
type ImportRow struct {
	Line        int
	IndexNo     string
	Title       string
	DocNo       string
	Publisher   string
	WrittenOn   civil.Date
	PublishedOn civil.Date
	Column      string // a column name or path of the unit's catalog
	Body        string // HTML, or plain text turned into paragraphs; sanitized on import
	Topic       string
	Genre       string
	Keywords    string
	Attachments []string // file names relative to the attachments directory
}

// Import file columns. The first eight are required (an unknown or
// misspelled column would otherwise lose data silently).
const (
	colIndexNo     = "索引号"
	colTitle       = "标题"
	colDocNo       = "文号"
	colPublisher   = "发布机构"
	colWrittenOn   = "成文日期"
	colPublishedOn = "发布日期"
	colColumn      = "栏目"
	colBody        = "正文"
	colTopic       = "主题分类"
	colGenre       = "体裁分类"
	colKeywords    = "主题词"
	colAttachments = "附件"
)

var (
	importRequired = []string{colIndexNo, colTitle, colDocNo, colPublisher, colWrittenOn, colPublishedOn, colColumn, colBody}
	importOptional = []string{colTopic, colGenre, colKeywords, colAttachments}
	// importAliases accepts a few names archives commonly use.
	importAliases = map[string]string{"信息名称": colTitle, "名称": colTitle, "发文字号": colDocNo, "发文机关": colPublisher,
		"公开日期": colPublishedOn, "所属栏目": colColumn, "内容": colBody}
)

// ImportHeader is the required header, for messages and templates.
const ImportHeader = "索引号,标题,文号,发布机构,成文日期,发布日期,栏目,正文"

// MaxImportRows bounds one import file.
const MaxImportRows = 200000

// maxImportFile bounds the CSV read into memory (bodies make rows large).
const maxImportFile = 512 << 20

// ParseImportCSV reads an import file in CSV: UTF-8 (with or without BOM) or
// GB18030/GBK as Excel saves it on Chinese Windows; fields may span lines.
//
// A problem with the file as a whole (encoding, header) returns no rows and
// a *valid.Errors. Problems of single rows return the rows that are fine
// together with a *valid.Errors naming every bad row's line and reason, so
// that a caller may import the good rows (--skip-errors) or none.
func ParseImportCSV(r io.Reader) ([]ImportRow, error) {
	records, lines, err := tabular.ReadCSV(r, importLimits)
	if err != nil {
		return nil, err
	}
	return importRows(records, lines, false)
}

// importLimits: a million-row archive is split into files of MaxImportRows;
// bodies make rows large, hence the generous byte limit.
var importLimits = tabular.Options{MaxBytes: maxImportFile, MaxRows: MaxImportRows + 1}

// ParseImportXLSX reads an import file from the first sheet of an XLSX
// workbook; it reports problems as ParseImportCSV does. Date cells may be
// real dates or text: raw values are read, so a date cell is its serial
// number, not text in whatever (ambiguous, "03-05-24") format it shows.
func ParseImportXLSX(r io.Reader) ([]ImportRow, error) {
	records, lines, err := tabular.ReadXLSX(r, importLimits, true)
	if err != nil {
		return nil, err
	}
	return importRows(records, lines, true)
}

// importRows maps records to rows by the header in the first record.
func importRows(records [][]string, lines []int, xlsx bool) ([]ImportRow, error) {
	e := &valid.Errors{}
	if len(records) == 0 {
		return nil, valid.New("文件", "文件是空的；第一行应为表头："+ImportHeader)
	}
	col := map[string]int{}
	for i, h := range records[0] {
		h = strings.Join(strings.Fields(strings.TrimPrefix(h, "\ufeff")), "")
		if a, ok := importAliases[h]; ok {
			h = a
		}
		switch {
		case h == "":
			continue
		case !isImportColumn(h):
			e.AddLine(lines[0], h, "未知的列；表头应为："+ImportHeader+"，可另加 "+strings.Join(importOptional, "、"))
		case hasKey(col, h):
			e.AddLine(lines[0], h, "表头中这一列出现了两次")
		default:
			col[h] = i
		}
	}
	for _, h := range importRequired {
		if !hasKey(col, h) {
			e.AddLine(lines[0], h, "表头缺少这一列；表头应为："+ImportHeader)
		}
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	cell := func(rec []string, name string) string {
		i, ok := col[name]
		if ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var rows []ImportRow
	for k, rec := range records[1:] {
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue // blank line
		}
		line := lines[k+1]
		row := ImportRow{Line: line, IndexNo: cell(rec, colIndexNo), Title: oneLine(cell(rec, colTitle)),
			DocNo: oneLine(cell(rec, colDocNo)), Publisher: oneLine(cell(rec, colPublisher)), Column: oneLine(cell(rec, colColumn)),
			Body: BodyFromText(cell(rec, colBody)), Topic: oneLine(cell(rec, colTopic)), Genre: oneLine(cell(rec, colGenre)),
			Keywords: oneLine(cell(rec, colKeywords))}
		n := len(e.Problems)
		if row.Title == "" {
			e.AddLine(line, colTitle, "请填写标题")
		}
		if row.Column == "" {
			e.AddLine(line, colColumn, "请填写栏目（本单位公开目录中的栏目名称，如“行政规范性文件”或“政策文件/行政规范性文件”）")
		}
		if strings.ContainsAny(row.IndexNo, " \t\r\n\u3000") {
			e.AddLine(line, colIndexNo, fmt.Sprintf("索引号“%s”中不能有空白", row.IndexNo))
		}
		var err error
		if row.WrittenOn, err = parseImportDate(cell(rec, colWrittenOn), xlsx); err != nil {
			e.AddLine(line, colWrittenOn, err.Error())
		} else if row.WrittenOn.IsZero() {
			e.AddLine(line, colWrittenOn, "请填写成文日期")
		}
		if row.PublishedOn, err = parseImportDate(cell(rec, colPublishedOn), xlsx); err != nil {
			e.AddLine(line, colPublishedOn, err.Error())
		} else if !row.PublishedOn.IsZero() && !row.WrittenOn.IsZero() && row.PublishedOn.Before(row.WrittenOn) {
			e.AddLine(line, colPublishedOn, fmt.Sprintf("发布日期 %s 早于成文日期 %s", row.PublishedOn, row.WrittenOn))
		}
		for _, name := range strings.FieldsFunc(cell(rec, colAttachments), func(r rune) bool { return r == ';' || r == '；' || r == '\n' }) {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			if p, ok := cleanRelPath(name); ok {
				row.Attachments = append(row.Attachments, p)
			} else {
				e.AddLine(line, colAttachments, fmt.Sprintf("附件“%s”应为附件目录（--attachments）中的相对路径", name))
			}
		}
		if len(e.Problems) == n {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 && len(e.Problems) == 0 {
		return nil, valid.New("文件", "表头之后没有数据行")
	}
	return rows, e.Err()
}

func isImportColumn(h string) bool {
	for _, c := range importRequired {
		if c == h {
			return true
		}
	}
	for _, c := range importOptional {
		if c == h {
			return true
		}
	}
	return false
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanRelPath accepts a relative slash or backslash path that stays inside
// its directory.
func cleanRelPath(name string) (string, bool) {
	p := path.Clean(strings.ReplaceAll(name, `\`, "/"))
	if p == "." || path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, ":") {
		return "", false
	}
	return p, true
}

var (
	dateNumeric = regexp.MustCompile(`^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$`)
	dateChinese = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$`)
	// a spreadsheet's date serial, days since 1899-12-30 (with a time part
	// when the cell holds one)
	dateSerial = regexp.MustCompile(`^\d{5}(\.\d+)?$`)
)

// ParseImportDate reads a date as archives write it: 2024-03-05,
// 2024/3/5, 2024.3.5 or 2024年3月5日 ("" is the zero Date).
func ParseImportDate(s string) (civil.Date, error) { return parseImportDate(s, false) }

func parseImportDate(s string, xlsx bool) (civil.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return civil.Date{}, nil
	}
	if xlsx && dateSerial.MatchString(s) {
		days, _ := strconv.ParseFloat(s, 64)
		d := civil.D(1899, time.December, 30).AddDays(int(days))
		if d.Year >= 1949 && d.Year <= 2200 {
			return d, nil
		}
	}
	m := dateNumeric.FindStringSubmatch(s)
	if m == nil {
		m = dateChinese.FindStringSubmatch(s)
	}
	bad := fmt.Errorf("日期“%s”无法识别，应写成 2024-03-05、2024/3/5 或 2024年3月5日", s)
	if m == nil {
		return civil.Date{}, bad
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	date := civil.D(y, time.Month(mo), d)
	if mo < 1 || mo > 12 || d < 1 || d > 31 || int(date.Month) != mo || date.Day != d {
		return civil.Date{}, fmt.Errorf("日期“%s”不存在", s)
	}
	return date, nil
}

var htmlTag = regexp.MustCompile(`<(/?[a-zA-Z][a-zA-Z0-9]*)(\s[^>]*)?/?>`)

// BodyFromText returns s as body HTML: HTML is kept as it is (it is
// sanitized on import); plain text becomes one paragraph per line.
func BodyFromText(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" || htmlTag.MatchString(s) {
		return s
	}
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			b.WriteString("<p>" + html.EscapeString(line) + "</p>\n")
		}
	}
	return strings.TrimSpace(b.String())
}

// ImportFile is an attachment of an imported document.
type ImportFile struct {
	Name string // the name it is shown under (the file's base name)
	Data []byte
}

// CheckImportFile checks a file as Attach would (name, size, type sniffed
// from the content, zip bombs), without storing it; problems are
// *valid.Errors.
func (s *Service) CheckImportFile(name string, data []byte) error {
	_, _, err := s.checkFile(cleanFileName(name), data)
	return err
}

// PutImportFiles stores the files' content in the blob store. Call it before
// the transaction of ImportFiles: the blob store may be the database's single
// writer.
func (s *Service) PutImportFiles(ctx context.Context, files []ImportFile) error {
	for _, f := range files {
		if err := s.cfg.Blobs.Put(ctx, SHA256(f.Data), f.Data); err != nil {
			return fmt.Errorf("import %s: %w", f.Name, err)
		}
	}
	return nil
}

// ImportFiles gives the document ImportOne returned its attachments, in the
// same transaction: a created document gets files (stored beforehand with
// PutImportFiles), in their order, recorded as one revision "attach"; an
// unchanged one must already have the same files (names and content), else
// the row differs from what was imported before and this is an error.
func (s *Service) ImportFiles(ctx context.Context, tx *store.Tx, actor audit.Actor, res ImportResult, files []ImportFile) error {
	if res.Outcome == ImportUnchanged {
		have, err := listAttachments(ctx, tx, res.ID)
		if err != nil {
			return err
		}
		same := len(have) == len(files)
		for i := 0; same && i < len(files); i++ {
			same = have[i].Name == cleanFileName(files[i].Name) && have[i].SHA256 == SHA256(files[i].Data)
		}
		if !same {
			return valid.New(fAttachment, "文件已导入过，但附件与上次导入的不同")
		}
		return nil
	}
	if len(files) == 0 {
		return nil
	}
	d, err := getDoc(ctx, tx, `d.id = $1`, res.ID)
	if err != nil {
		return err
	}
	now := store.Now()
	var names []string
	for i, f := range files {
		name := cleanFileName(f.Name)
		ft, text, err := s.checkFile(name, f.Data)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO attachments (document_id, name, sha256, size, mime, text_content, sort_order, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			res.ID, name, SHA256(f.Data), int64(len(f.Data)), ft.MIME(), text, i+1, now); err != nil {
			return fmt.Errorf("document %d: import attachment: %w", res.ID, err)
		}
		names = append(names, "“"+name+"”")
	}
	if err := bump(ctx, tx, actor, res.ID, d.Version, ""); err != nil {
		return err
	}
	_, err = record(ctx, tx, actor, res.ID, "attach", "", "导入附件 "+strings.Join(names, "、"))
	return err
}
