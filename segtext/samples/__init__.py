# Package marker: sample pages made for the README's quickstart.
