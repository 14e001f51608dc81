"""The independent judge of words cut at line ends: PyThaiNLP's deepcut, a neural word
segmenter trained on NECTEC's BEST corpus. It shares nothing with ICU4X's LSTM segmenter,
which typst breaks Thai lines with, nor with the dictionaries a veto of its breaks would
use (ICU's, PyThaiNLP's word list), so it can catch their mistakes.

Reads JSON lines from standard input, each [before, after]: the end of a line and the
start of the next line of the same paragraph or cell, meeting between two Thai letters.
Writes one JSON line: the indexes of the joins that cut a word, i.e. where deepcut,
reading the Thai run around the join, puts no word boundary at it.
"""
import json
import sys

from pythainlp.tokenize import word_tokenize


def thai(c):
    return "\u0e01" <= c <= "\u0e4e"


def runs(before, after):
    """The Thai run around the join: (the part before it, the part after it)."""
    i = len(before)
    while i > 0 and thai(before[i - 1]):
        i -= 1
    j = 0
    while j < len(after) and thai(after[j]):
        j += 1
    return before[i:], after[:j]


def cuts(left, right):
    """Whether deepcut reads one word across the join of `left` and `right`."""
    if not left or not right:
        return False
    pos = 0
    for token in word_tokenize(left + right, engine="deepcut", keep_whitespace=True):
        if pos >= len(left):
            return pos > len(left)
        pos += len(token)
    return False


joins = [runs(*json.loads(line)) for line in sys.stdin if line.strip()]
print(json.dumps([k for k, (left, right) in enumerate(joins) if cuts(left, right)]))
