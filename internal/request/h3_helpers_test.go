package request

import (
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/internal/disclosure"
	"gongkai/internal/store"
)

// gbk encodes s in GB18030, as Excel on Chinese Windows saves CSV.
func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// replied submits an application of edu today and replies to it.
func (e *reqEnv) replied(desc string, o Outcome, text string) Application {
	e.t.Helper()
	a := e.submit(e.person(desc))
	basis := ""
	if o != OutcomeDisclosed {
		basis = "《中华人民共和国政府信息公开条例》"
	}
	a, err := e.s.Reply(e.ctx, e.handler, a.ID, a.Version, ReplyInput{Outcome: o, On: e.s.Today(), Basis: basis, Text: text})
	if err != nil {
		e.t.Fatalf("reply: %v", err)
	}
	return a
}

// withDocs returns a service like e.s that can promote, with the
// disclosure service it uses, and list and page columns of edu and a list
// column of mz.
func (e *reqEnv) withDocs() (s *Service, docs *disclosure.Service, list, page, other int64) {
	e.t.Helper()
	docs, err := disclosure.NewService(e.db, disclosure.Config{Location: shanghai})
	if err != nil {
		e.t.Fatal(err)
	}
	cfg := e.s.cfg
	cfg.Docs = docs
	col := func(unitID int64, code, name, kind string) int64 {
		var id int64
		now := store.Now()
		err := e.db.Tx(e.ctx, func(tx *store.Tx) error {
			return tx.QueryRow(e.ctx, `INSERT INTO catalog_columns (unit_id, code, name, kind, genre, created_at, updated_at)
				VALUES ($1, $2, $3, $4, '', $5, $5) RETURNING id`, unitID, code, name, kind, now).Scan(&id)
		})
		if err != nil {
			e.t.Fatal(err)
		}
		return id
	}
	return NewService(e.db, cfg), docs, col(e.edu.ID, "qtwj", "其他文件", "list"), col(e.edu.ID, "guide", "政府信息公开指南", "page"),
		col(e.mz.ID, "qtwj", "其他文件", "list")
}
