package main

import (
	"log/slog"
	"strings"
	"testing"

	"gongkai/internal/search"
)

func TestReindex(t *testing.T) {
	engines(t, func(t *testing.T, tg target) {
		mustGK(t, tg.args("demo", "--docs", "50")...)
		db := tg.open(t)
		var published, indexed int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM documents WHERE state = 'published'`).Scan(&published); err != nil {
			t.Fatal(err)
		}
		// The demo indexed its documents as it loaded them.
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM search_docs`).Scan(&indexed); err != nil || indexed != published || published == 0 {
			t.Fatalf("after demo: %d indexed of %d published, %v", indexed, published, err)
		}
		// Lose the index behind its back; reindex restores it.
		if _, err := db.Exec(ctx, `DELETE FROM search_docs`); err != nil {
			t.Fatal(err)
		}
		out := mustGK(t, tg.args("reindex")...)
		if !strings.Contains(out, "检索索引已重建") || !strings.Contains(out, "search index rebuilt") {
			t.Errorf("reindex: %s", out)
		}
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM search_docs`).Scan(&indexed); err != nil || indexed != published {
			t.Errorf("after reindex: %d indexed of %d published, %v", indexed, published, err)
		}
		res, err := search.NewSearcher(db).Search(ctx, search.Request{Q: "青山县"})
		if err != nil || res.Total == 0 {
			t.Errorf("search after reindex: %d, %v", res.Total, err)
		}
		// serve rebuilds an index a migration emptied, and leaves a full one.
		if need, err := search.NeedsRebuild(ctx, db); err != nil || need {
			t.Errorf("NeedsRebuild with a full index: %v, %v", need, err)
		}
		if _, err := db.Exec(ctx, `DELETE FROM search_docs`); err != nil {
			t.Fatal(err)
		}
		if need, err := search.NeedsRebuild(ctx, db); err != nil || !need {
			t.Errorf("NeedsRebuild with an empty index: %v, %v", need, err)
		}
		var logs strings.Builder
		rebuildSearchIndex(ctx, db, slog.New(slog.NewTextHandler(&logs, nil)))
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM search_docs`).Scan(&indexed); err != nil || indexed != published {
			t.Errorf("after serve's rebuild: %d indexed of %d published, %v", indexed, published, err)
		}
		if !strings.Contains(logs.String(), "search index rebuilt") {
			t.Errorf("serve's rebuild logged: %s", logs.String())
		}
		if _, _, code := gk(t, "", tg.args("reindex", "extra")...); code != 2 {
			t.Errorf("reindex extra: code %d", code)
		}
	})
}
