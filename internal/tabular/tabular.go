// Package tabular reads the spreadsheets people import (units, documents):
// CSV as Excel saves it on Chinese Windows (GB18030/GBK) or as UTF-8 with
// or without a BOM, and the first sheet of an XLSX workbook. It returns the
// records with their 1-based line numbers, so that every problem can name
// its line; problems with the file as a whole are *valid.Errors in Chinese.
package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/internal/valid"
)

// Options bound what a file may hold and how fields are read.
type Options struct {
	MaxBytes int64 // the file
	MaxRows  int   // records, the header included
	// TrimLeadingSpace drops spaces before a CSV field (codes and names);
	// document bodies keep them.
	TrimLeadingSpace bool
}

// ReadCSV decodes and parses a CSV file. Fields may span lines; lines[i] is
// the line where records[i] starts.
func ReadCSV(r io.Reader, lim Options) (records [][]string, lines []int, err error) {
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read csv: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, nil, valid.New("文件", fmt.Sprintf("文件过大（超过 %d MB），请分成几个文件导入", lim.MaxBytes>>20))
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil || bytes.ContainsRune(dec, utf8.RuneError) {
			return nil, nil, valid.New("文件", "文件既不是 UTF-8 也不是 GBK 编码，请另存为 UTF-8 CSV")
		}
		data = dec
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = lim.TrimLeadingSpace
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				e := &valid.Errors{}
				e.AddLine(pe.StartLine, "", "CSV 格式错误："+csvReason(pe.Err)+"（其后的行无法读取）")
				return nil, nil, e
			}
			return nil, nil, fmt.Errorf("read csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		records = append(records, rec)
		lines = append(lines, line)
		if len(records) > lim.MaxRows {
			return nil, nil, valid.New("文件", fmt.Sprintf("行数超过上限 %d，请分成几个文件导入", lim.MaxRows-1))
		}
	}
	return records, lines, nil
}

func csvReason(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return "字段中有未成对的引号（含引号的字段应整体用双引号括起，内部的引号写两遍）"
	case errors.Is(err, csv.ErrQuote):
		return "引号没有闭合"
	case errors.Is(err, csv.ErrFieldCount):
		return "列数不对"
	}
	return err.Error()
}

// ReadXLSX reads the first sheet of a workbook, one record per row (row n is
// line n). With raw, cells are their stored values (a date is its serial
// number, not text in whatever format the cell shows).
func ReadXLSX(r io.Reader, lim Options, raw bool) (records [][]string, lines []int, err error) {
	f, err := excelize.OpenReader(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, nil, valid.New("文件", "无法读取 XLSX 文件："+err.Error())
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, valid.New("文件", "工作簿中没有工作表")
	}
	records, err = f.GetRows(sheets[0], excelize.Options{RawCellValue: raw})
	if err != nil {
		return nil, nil, valid.New("文件", "无法读取工作表："+err.Error())
	}
	if len(records) > lim.MaxRows {
		return nil, nil, valid.New("文件", fmt.Sprintf("行数超过上限 %d，请分成几个文件导入", lim.MaxRows-1))
	}
	lines = make([]int, len(records))
	for i := range lines {
		lines[i] = i + 1
	}
	return records, lines, nil
}
