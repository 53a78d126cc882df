# zugong — two commands do all the set-up:  make run   |   make test
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first Python ≥ 3.12 that really runs (a pyenv shim may exist for an inactive version).
PY312 := $(shell for p in python3.14 python3.13 python3.12 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SEED ?= 1

help:
	@echo "make run    安装依赖、迁移数据库、载入示范县数据并启动（http://$(HOST):$(PORT)）"
	@echo "make test   安装测试所需（含 chromium、fonts-noto-cjk）并运行全部测试"
	@echo "make serve  正式使用：迁移数据库并启动（不载入示范数据；先运行 manage.py setup_site，见 README）"
	@echo "make bench  打印示范数据生成等基准数据"

$(UV):
	@test -n "$(PY312)" || (echo "需要 Python 3.12 或更高版本 (python3.12 not found)"; exit 1)
	$(PY312) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PY312) --quiet
	@touch $@

node_modules/.synced: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: system-deps .venv/.synced node_modules/.synced
	$(PY) manage.py compile_translations

# Static files for whitenoise (hashed, compressed): collected again only when a static file or a package changed.
STATIC_ROOT_DIR := $(or $(ZUGONG_STATIC_ROOT),var/staticfiles)
$(STATIC_ROOT_DIR)/staticfiles.json: .venv/.synced node_modules/.synced config/staticfiles.py $(shell find static -type f)
	$(PY) manage.py collectstatic --noinput --verbosity 0

static: setup $(STATIC_ROOT_DIR)/staticfiles.json

# The demo is served as production is (gunicorn, whitenoise, DEBUG off), over plain HTTP on this machine.
run: export ZUGONG_SECURE_COOKIES ?= false
run: static
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --scale county --seed $(SEED)
	$(call start_processes,示范账号（密码均为 zugong2026）：admin 组织部管理员 · township 乡镇党委操作员 · branch 村党支部书记 · inspector 只读督查员 · outsider 另一乡镇操作员)

# Production (README: 正式部署): no demo data; behind a reverse proxy that ends HTTPS.
serve: static
	$(PY) manage.py migrate --noinput
	@$(PY) manage.py shell --no-imports -c "import sys; from zugong.organizations.models import Organization as O; O.objects.exists() or sys.exit('尚未初始化：请先运行 $(PY) manage.py setup_site（见 README）')"
	$(call start_processes,正式使用：用 setup_site 建立的管理员账号登录)

# The web server (gunicorn, config/gunicorn.py) in front; the task worker and the scheduler beside it stop with it.
define start_processes
	@mkdir -p var
	@$(PY) manage.py run_worker --no-startup-delay --no-reload > var/worker.log 2>&1 & echo $$! > var/worker.pid
	@$(PY) manage.py run_scheduler > var/scheduler.log 2>&1 & echo $$! > var/scheduler.pid
	@trap 'kill $$(cat var/worker.pid) $$(cat var/scheduler.pid) 2>/dev/null' EXIT INT TERM; \
	echo; echo "zugong 已启动：http://$(HOST):$(PORT)   （后台任务进程日志 var/worker.log）"; \
	echo "$(1)"; echo; \
	.venv/bin/gunicorn config.wsgi --config config/gunicorn.py --bind $(HOST):$(PORT)
endef

# WeasyPrint (the printed 干部任免审批表 PDF) lays text out with pango; the form is set in Noto Serif CJK.
system-deps:
	@if ! PATH="$$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null | grep -q libpangoft2 || ! fc-list 2>/dev/null | grep -qi 'Noto Serif CJK'; then \
		echo "安装 pango 与 fonts-noto-cjk（打印干部任免审批表 PDF 所需）…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk >/dev/null; \
	fi

system-test-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
		echo "安装 chromium 与 fonts-noto-cjk …"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

test: export COVERAGE_CORE ?= sysmon
test: setup system-test-deps
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m ruff check .
	$(PY) -m mypy zugong/core zugong/accounts $(filter-out zugong/accounts/% zugong/core/%,$(wildcard zugong/*/services.py))
	$(PY) -m pytest -n auto --dist loadgroup --cov=zugong --cov-report=term:skip-covered $(PYTEST_ARGS)

# The load bench's client (bench/load_bench.py).
system-bench-deps:
	@command -v wrk >/dev/null || { echo "安装 wrk（负载测试客户端）…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

bench: setup system-bench-deps
	$(PY) bench/seed_bench.py
	$(PY) bench/members_bench.py
	$(PY) bench/statistics_bench.py
	$(PY) bench/surveys_bench.py
	$(PY) bench/ballots_bench.py
	$(PY) bench/load_bench.py

.PHONY: help setup static run serve test bench system-deps system-test-deps system-bench-deps
