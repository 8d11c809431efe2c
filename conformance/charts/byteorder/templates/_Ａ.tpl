{{- define "x" }}Ａ{{ end }}
