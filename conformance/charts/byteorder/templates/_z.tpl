{{- define "x" }}z{{ end }}
