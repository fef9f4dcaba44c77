package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scanFixtures writes the files the scan tests read and returns their directory.
func scanFixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		`<w:p><w:r><w:t>机密★1年</w:t></w:r></w:p><w:p><w:r><w:t>联系电话：138-1234-5678</w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	files := map[string][]byte{
		"clean.txt":  []byte("关于开展2025年度政府信息公开工作的通知\n青政发〔2025〕12号\n电话：0571-87654321\n"),
		"leak.txt":   []byte("申请人：张三\n身份证号341822199001013658，手机 138 1234 5678\n"),
		"draft.docx": docx.Bytes(),
		"image.png":  []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestScanCommand(t *testing.T) {
	dir := scanFixtures(t)
	p := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name      string
		stdin     string
		args      []string
		code      int
		stdout    []string
		stderr    []string
		notStdout []string
	}{
		{"clean", "", []string{"scan", p("clean.txt")}, 0, []string{"未发现"}, nil, []string{"0571"}},
		{"findings as text", "", []string{"scan", p("leak.txt")}, 1, []string{
			p("leak.txt") + ":2: 身份证号 341822199001013658 → 建议遮盖为 3418**********3658\n",
			p("leak.txt") + ":2: 手机号 138 1234 5678 → 建议遮盖为 138 **** 5678\n",
		}, nil, []string{"未发现"}},
		{"docx with a secrecy mark", "", []string{"scan", p("draft.docx"), p("clean.txt")}, 1, []string{
			p("draft.docx") + ":1: 密级标志 机密★1年 → 删除密级标志或不予公开\n",
			p("draft.docx") + ":2: 手机号 138-1234-5678 → 建议遮盖为 138-****-5678\n",
		}, nil, nil},
		{"stdin", "手机13912345678", []string{"scan", "-"}, 1, []string{"-:1: 手机号 13912345678 → 建议遮盖为 139****5678"}, nil, nil},
		{"flags after files", "", []string{"scan", p("clean.txt"), "--format", "json"}, 0, []string{"[]"}, nil, nil},
		{"unsupported", "", []string{"scan", p("image.png")}, 2, nil, []string{"不支持的文件格式", "unsupported format"}, nil},
		{"missing file", "", []string{"scan", p("nope.txt")}, 2, nil, []string{"文件不存在", "no such file"}, nil},
		{"directory", "", []string{"scan", dir}, 2, nil, []string{"目录", "is a directory"}, nil},
		{"error wins but findings print", "", []string{"scan", p("leak.txt"), p("image.png")}, 2,
			[]string{"身份证号 341822199001013658"}, []string{"image.png"}, nil},
		{"no files", "", []string{"scan"}, 2, nil, []string{"请给出要检查的文件", "用法 (usage): gongkai scan"}, nil},
		{"bad format", "", []string{"scan", "--format", "xml", p("leak.txt")}, 2, nil, []string{"--format 只能是 text 或 json"}, nil},
		{"unknown flag", "", []string{"scan", "--db", "x.db", p("leak.txt")}, 2, nil, []string{"参数错误"}, nil},
		{"help", "", []string{"scan", "-h"}, 0, []string{"用法 (usage): gongkai scan", "--format", "退出状态"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := gk(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.notStdout {
				if strings.Contains(stdout, s) {
					t.Errorf("stdout has %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
		})
	}
}

func TestScanCommandJSON(t *testing.T) {
	dir := scanFixtures(t)
	leak, docx := filepath.Join(dir, "leak.txt"), filepath.Join(dir, "draft.docx")
	stdout, stderr, code := gk(t, "", "scan", "--format", "json", leak, docx)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr: %s", code, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, stdout)
	}
	want := []map[string]any{
		{"file": leak, "kind": "id_card", "text": "341822199001013658", "line": 2.0, "mask": "3418**********3658", "label": "身份证号"},
		{"file": leak, "kind": "mobile", "text": "138 1234 5678", "line": 2.0, "mask": "138 **** 5678"},
		{"file": docx, "kind": "secrecy_mark", "text": "机密★1年", "line": 1.0, "mask": "", "offset": 0.0},
		{"file": docx, "kind": "mobile", "text": "138-1234-5678", "line": 2.0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), stdout)
	}
	for i, w := range want {
		for k, v := range w {
			if got[i][k] != v {
				t.Errorf("finding %d: %s = %#v, want %#v", i, k, got[i][k], v)
			}
		}
		for _, k := range []string{"kind", "text", "line", "file", "offset", "mask", "hint"} {
			if _, ok := got[i][k]; !ok {
				t.Errorf("finding %d has no %q", i, k)
			}
		}
	}
	// Offsets are byte offsets in the extracted text.
	text, _ := os.ReadFile(leak)
	off := int(got[0]["offset"].(float64))
	if string(text[off:off+len("341822199001013658")]) != "341822199001013658" {
		t.Errorf("offset %d does not point at the ID number", off)
	}
}
